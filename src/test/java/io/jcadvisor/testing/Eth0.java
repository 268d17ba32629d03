package io.jcadvisor.testing;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A network namespace's {@code eth0} byte counters, as the kernel and as the agent's samples show them. */
public final class Eth0 {

    private Eth0() {
    }

    /** {@code rx_bytes} and {@code tx_bytes} of {@code eth0} in the netns of {@code pid} ({@code /proc/<pid>/net/dev}). */
    public static long[] bytes(int pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/net/dev"))) {
                String t = line.trim();
                if (t.startsWith("eth0:")) {
                    String[] f = t.substring(5).trim().split("\\s+");
                    return new long[] {Long.parseLong(f[0]), Long.parseLong(f[8])};
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new AssertionError("no eth0 in the netns of " + pid);
    }

    /** A field of {@code eth0} in a v1 sample's {@code network.interfaces}; -1 when the sample has none. */
    public static long field(JsonNode sample, String field) {
        for (JsonNode i : sample.path("network").path("interfaces")) {
            if (i.path("name").asText().equals("eth0")) {
                return i.path(field).asLong();
            }
        }
        return -1;
    }
}
