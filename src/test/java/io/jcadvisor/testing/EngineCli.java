package io.jcadvisor.testing;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A Docker-compatible command line ({@code docker}, {@code podman}) driving a real engine for live tests.
 * Remembers what it started, so {@link #removeAll()} cleans up even after a failure.
 */
public class EngineCli {

    private final String binary;
    private final String image;
    private final List<String> runOptions;
    private final List<String> removeOptions;
    private final List<String> started = new ArrayList<>();

    /**
     * @param runOptions    given to every {@code run} and {@code create} before the test's own options
     * @param removeOptions given to {@code rm} after {@code -f}
     */
    protected EngineCli(String binary, String image, List<String> runOptions, List<String> removeOptions) {
        this.binary = binary;
        this.image = image;
        this.runOptions = List.copyOf(runOptions);
        this.removeOptions = List.copyOf(removeOptions);
    }

    /** {@code <cli> run -d --name <name> <run options> <options> <image> <command>}; returns the 64-hex id. */
    public String runDetached(String name, List<String> options, String... command) throws IOException {
        return start(List.of("run", "-d"), name, options, command);
    }

    /** {@code <cli> create --name <name> <run options> <image> <command>}; returns the 64-hex id. */
    public String create(String name, String... command) throws IOException {
        return start(List.of("create"), name, List.of(), command);
    }

    public String exec(String name, String... command) throws IOException {
        List<String> argv = new ArrayList<>(List.of(binary, "exec", name));
        argv.addAll(List.of(command));
        return Commands.run(argv);
    }

    /** {@code <cli> rm -f <remove options> <name or id>}. */
    public void remove(String nameOrId) throws IOException {
        List<String> argv = new ArrayList<>(List.of(binary, "rm", "-f"));
        argv.addAll(removeOptions);
        argv.add(nameOrId);
        Commands.run(argv);
    }

    /** Removes every container this instance started; quiet for those already gone. */
    public void removeAll() {
        synchronized (started) {
            for (String name : started) {
                try {
                    remove(name);
                } catch (IOException e) {
                    // Already gone: nothing to clean.
                }
            }
            started.clear();
        }
    }

    private String start(List<String> verb, String name, List<String> options, String... command)
            throws IOException {
        List<String> argv = new ArrayList<>(List.of(binary));
        argv.addAll(verb);
        argv.addAll(List.of("--name", name));
        argv.addAll(runOptions);
        argv.addAll(options);
        argv.add(image);
        argv.addAll(List.of(command));
        synchronized (started) {
            started.add(name);
        }
        return idIn(Commands.run(argv), argv);
    }

    /**
     * The container's id: the one line of 64 hex digits in the command's output. Other lines are the
     * command's own messages on stderr, which the output includes: Docker 20.10's {@code run -d} once
     * printed {@code level=error msg="error waiting for container: context canceled"} after the id and
     * exited 0 with the container started (a CI run on 2026-12-07).
     */
    private static String idIn(String output, List<String> argv) throws IOException {
        List<String> ids = output.lines().map(String::trim).filter(l -> l.matches("[0-9a-f]{64}")).toList();
        if (ids.size() != 1) {
            throw new IOException(argv + " printed no single container id: " + output);
        }
        return ids.get(0);
    }
}
