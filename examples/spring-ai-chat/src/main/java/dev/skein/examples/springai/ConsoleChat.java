package dev.skein.examples.springai;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.CommandLineRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/** Reads the user's lines from the console and prints the replies, until end of input. */
@Component
@ConditionalOnProperty(name = "example.console", matchIfMissing = true)
class ConsoleChat implements CommandLineRunner {

    private final Assistant assistant;

    private final String conversationId;

    ConsoleChat(Assistant assistant, @Value("${example.conversation-id}") String conversationId) {
        this.assistant = assistant;
        this.conversationId = conversationId;
    }

    @Override
    public void run(String... args) throws Exception {
        PrintStream out = System.out;
        out.println("Conversation '" + this.conversationId + "' (memory: Skein). Type a message; Ctrl-D ends.");
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        out.print("> ");
        out.flush();
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            if (!line.isBlank()) {
                out.println(this.assistant.reply(this.conversationId, line));
            }
            out.print("> ");
            out.flush();
        }
    }

}
