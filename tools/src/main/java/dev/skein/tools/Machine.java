package dev.skein.tools;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The machine a figure was taken on: its cores and its load average, printed with every
 * benchmark, since other work on a shared machine distorts every timing.
 */
final class Machine {

    private Machine() {
    }

    /** For example {@code 2 cores, load 1.02 0.87 0.55}. */
    static String describe() {
        return Runtime.getRuntime().availableProcessors() + " cores, load " + loadAverage();
    }

    /**
     * The 1, 5 and 15 minute load averages, or the 1-minute one where /proc is absent.
     */
    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2];
        }
        catch (IOException | RuntimeException ex) {
            return String.format("%.2f",
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }

}
