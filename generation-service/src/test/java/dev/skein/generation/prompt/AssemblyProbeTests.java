package dev.skein.generation.prompt;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import dev.skein.contracts.Evidence;
import dev.skein.contracts.EvidenceRetrieved;
import dev.skein.contracts.FlashTurn;
import dev.skein.generation.extractive.ExtractiveResponder;
import org.junit.jupiter.api.Test;

class AssemblyProbeTests {

    @Test
    void probe() {
        String sentence = "We talked about the trip to Lisbon and the bakery where Alice started working last spring. ";
        List<FlashTurn> flash = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            flash.add(new FlashTurn(UUID.randomUUID(), i, i % 2 == 0 ? "user" : "assistant", "Alice", sentence.repeat(3), null, Instant.now()));
        }
        List<Evidence> evidence = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            evidence.add(new Evidence(UUID.randomUUID(), "turn", sentence.repeat(2) + i, 0.1 * i, List.of("e" + i), List.of(), i, i, Instant.now()));
        }
        EvidenceRetrieved event = new EvidenceRetrieved(UUID.randomUUID(), Instant.now(), "t", "c", UUID.randomUUID(),
                new FlashTurn(UUID.randomUUID(), 9, "user", "Alice", "Where did I start working?", null, Instant.now()), flash, evidence, 1, false);
        PromptAssembler assembler = new PromptAssembler(3500, "You are a helpful assistant with long-term memory.");
        ExtractiveResponder responder = new ExtractiveResponder();
        long[] a = new long[20000];
        long[] x = new long[20000];
        for (int i = 0; i < a.length; i++) {
            long t0 = System.nanoTime();
            assembler.assemble(event);
            long t1 = System.nanoTime();
            responder.reply(evidence);
            a[i] = t1 - t0;
            x[i] = System.nanoTime() - t1;
        }
        Arrays.sort(a);
        Arrays.sort(x);
        System.out.printf("PROBE assemble p50=%d us p99=%d us; extractive p50=%d us p99=%d us; prompt tokens=%d%n",
                a[a.length / 2] / 1000, a[a.length * 99 / 100] / 1000, x[x.length / 2] / 1000, x[x.length * 99 / 100] / 1000,
                assembler.assemble(event).promptTokens());
    }
}
