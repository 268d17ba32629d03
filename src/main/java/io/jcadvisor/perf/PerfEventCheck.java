package io.jcadvisor.perf;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Asks perf itself which configured names it knows: one {@code perf stat -e <all> -- true}, and only
 * when that fails one run per event to find the culprits. A long-running {@code perf stat} refuses
 * to start at all over one unknown name, so the unknown ones are dropped (and reported) before.
 * Events perf knows but the hardware lacks pass; they show up as {@code <not supported>} later.
 */
final class PerfEventCheck {

    private PerfEventCheck() {
    }

    /**
     * The groups without the events perf rejects; each rejection goes to {@code problems} with
     * perf's own first line of complaint.
     */
    static List<List<PerfEvent>> accepted(String binary, List<List<PerfEvent>> groups, Consumer<String> problems)
            throws IOException {
        if (groups.isEmpty() || run(PerfCommand.probe(binary, groups)) == null) {
            return groups;
        }
        List<List<PerfEvent>> out = new ArrayList<>();
        for (List<PerfEvent> group : groups) {
            List<PerfEvent> kept = new ArrayList<>();
            for (PerfEvent event : group) {
                String complaint = run(PerfCommand.probe(binary, List.of(List.of(event))));
                if (complaint == null) {
                    kept.add(event);
                } else {
                    problems.accept("perf does not accept event " + event.name()
                            + (event.spec().equals(event.name()) ? "" : " (" + event.spec() + ")") + ": " + complaint);
                }
            }
            if (!kept.isEmpty()) {
                out.add(List.copyOf(kept));
            }
        }
        return List.copyOf(out);
    }

    /** Null when perf ran the command successfully, else its first line of output (or exit code). */
    private static String run(List<String> command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int code;
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor();
                return "perf did not finish";
            }
            code = p.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            return "interrupted";
        }
        if (code == 0) {
            return null;
        }
        for (String line : output.split("\n")) {
            if (!line.isBlank()) {
                return line.trim();
            }
        }
        return "exit code " + code;
    }
}
