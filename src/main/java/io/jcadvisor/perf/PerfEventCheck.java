package io.jcadvisor.perf;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Asks perf itself which configured events it can count here: one
 * {@code perf stat -a -e <all> -- true}, and only when that fails one run per event to find the
 * culprits. A long-running {@code perf stat} refuses to start at all over one unknown name, and a
 * group with one event the host lacks ({@code <not supported>}, e.g. {@code cycles} in a VM)
 * never counts any member, so both kinds are dropped (and reported) before.
 */
final class PerfEventCheck {

    private static final String NOT_SUPPORTED = "<not supported>;";

    private PerfEventCheck() {
    }

    /**
     * The groups without the events perf rejects or the host lacks; each goes to {@code problems}
     * with perf's own first line of complaint.
     */
    static List<List<PerfEvent>> accepted(String binary, List<List<PerfEvent>> groups, Consumer<String> problems)
            throws IOException {
        if (groups.isEmpty()) {
            return groups;
        }
        Result all = run(PerfCommand.probe(binary, groups));
        List<List<PerfEvent>> out = new ArrayList<>();
        for (List<PerfEvent> group : groups) {
            List<PerfEvent> kept = new ArrayList<>();
            for (PerfEvent event : group) {
                // Only when perf refused the whole list: ask again for this event alone.
                Result one = all.complaint == null ? all : run(PerfCommand.probe(binary, List.of(List.of(event))));
                String label = event.name() + (event.spec().equals(event.name()) ? "" : " (" + event.spec() + ")");
                if (one.complaint != null) {
                    problems.accept("perf does not accept event " + label + ": " + one.complaint);
                } else if (one.unsupported.contains(event.spec())) {
                    problems.accept("event " + label + " is not supported on this host");
                } else {
                    kept.add(event);
                }
            }
            if (!kept.isEmpty()) {
                out.add(List.copyOf(kept));
            }
        }
        return List.copyOf(out);
    }

    /**
     * @param complaint   null when perf ran the command, else its first line of output (or exit code)
     * @param unsupported event columns perf printed as {@code <not supported>}
     */
    private record Result(String complaint, List<String> unsupported) {
    }

    private static Result run(List<String> command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int code;
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor();
                return new Result("perf did not finish", List.of());
            }
            code = p.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            return new Result("interrupted", List.of());
        }
        List<String> unsupported = new ArrayList<>();
        String first = null;
        for (String line : output.split("\n")) {
            String trimmed = line.trim();
            if (trimmed.startsWith(NOT_SUPPORTED)) {
                // <not supported>;unit;event;…
                String[] f = trimmed.split(";", -1);
                if (f.length > 2) {
                    unsupported.add(f[2]);
                }
            } else if (first == null && !trimmed.isEmpty()) {
                first = trimmed;
            }
        }
        if (code == 0) {
            return new Result(null, unsupported);
        }
        return new Result(first == null ? "exit code " + code : first, unsupported);
    }
}
