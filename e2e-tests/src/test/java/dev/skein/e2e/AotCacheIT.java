package dev.skein.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The stack these tests start runs each service from its AOT cache ({@code infra/skein}
 * with JDK 25+): the command line names the cache recorded for the service's build by
 * up's training run, and the service's own classes in the running JVM are shared ones,
 * read from that cache, not loaded from its jars.
 */
class AotCacheIT {

    private static final List<String> SERVICES = List.of("gateway", "memory-service", "retrieval-service",
            "generation-service");

    /**
     * A line of {@code jcmd <pid> VM.classes}: address, size, state, flags (S: read from
     * a CDS or AOT archive; none at all for some classes), class name.
     */
    private static final Pattern CLASS_LINE = Pattern
        .compile("^\\S+\\s+\\d+\\s+\\S+\\s+(?:([A-Za-z]+)\\s+)?(\\S+)\\s*$");

    private final SkeinStack stack = SkeinStack.get();

    @Test
    void everyServiceRunsItsOwnClassesFromTheCacheItsTrainingRunRecorded() throws Exception {
        Path home = this.stack.home().orElse(null);
        assumeTrue(home != null, "needs the stack these tests start (its state folder)");
        assumeTrue(!"off".equals(System.getenv("SKEIN_AOT")), "the stack runs without the AOT cache (SKEIN_AOT=off)");
        for (String service : SERVICES) {
            long pid = Long.parseLong(Files.readString(home.resolve("pids/" + service + ".pid")).trim());
            Path java = Path.of("/proc/" + pid + "/exe").toRealPath();
            assumeTrue(javaMajor(java) >= 25, "the AOT cache needs JDK 25, the stack runs " + java);
            List<String> command = Arrays.asList(Files.readString(Path.of("/proc/" + pid + "/cmdline")).split("\0"));
            String cache = command.stream()
                .filter(argument -> argument.startsWith("-XX:AOTCache="))
                .map(argument -> argument.substring("-XX:AOTCache=".length()))
                .findFirst()
                .orElseThrow(() -> new AssertionError(service + " runs without an AOT cache: " + command));
            assertThat(Path.of(cache)).as(service + "'s cache").exists().hasParent(home.resolve("aot"));
            assertThat(Path.of(cache).getFileName().toString()).startsWith(service + "-").endsWith(".aot");
            assertThat(home.resolve("logs/" + service + "-aot.log")).as(service + "'s training run")
                .content()
                .contains("AOTCache creation is complete");
            List<Matcher> own = jcmd(java, pid, "VM.classes").stream()
                .map(CLASS_LINE::matcher)
                .filter(line -> line.matches() && line.group(2).startsWith("dev.skein."))
                .toList();
            assertThat(own).as(service + "'s classes").isNotEmpty();
            // the classes the start loads are in the cache; those first loaded later, by
            // traffic, are not
            assertThat(own.stream().filter(line -> line.group(1) != null && line.group(1).contains("S")))
                .as(service + "'s classes read from its AOT cache")
                .hasSizeGreaterThan(own.size() / 2);
        }
    }

    private static int javaMajor(Path java) throws IOException {
        Path release = java.getParent().getParent().resolve("release");
        for (String line : Files.readAllLines(release)) {
            if (line.startsWith("JAVA_VERSION=\"")) {
                String version = line.substring("JAVA_VERSION=\"".length());
                return Integer.parseInt(version.split("[.\"]")[0]);
            }
        }
        return 0;
    }

    private static List<String> jcmd(Path java, long pid, String command) throws Exception {
        Path jcmd = java.resolveSibling("jcmd");
        assumeTrue(Files.isExecutable(jcmd), "needs jcmd beside " + java + " (a JDK, not a JRE)");
        Process process = new ProcessBuilder(jcmd.toString(), Long.toString(pid), command).redirectErrorStream(true)
            .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("jcmd " + command + ": " + output).isZero();
        return output.lines().toList();
    }

}
