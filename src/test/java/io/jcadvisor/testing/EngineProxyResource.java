package io.jcadvisor.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Starts a {@link DelayingProxy} in front of a real Engine API socket before the agent boots and points
 * the runtime's endpoint at it. Init args: {@code upstream} (the daemon's socket), {@code key} (the
 * endpoint's config key), {@code delay} (a duration such as {@code 6s}).
 */
public class EngineProxyResource implements QuarkusTestResourceLifecycleManager {

    /** The proxy of the application under test (one profile, so one application, at a time). */
    public static volatile DelayingProxy current;

    private Path upstream;
    private String key;
    private Duration delay;
    private Path dir;

    @Override
    public void init(Map<String, String> args) {
        upstream = Path.of(args.get("upstream"));
        key = args.get("key");
        delay = Duration.parse("PT" + args.get("delay"));
    }

    @Override
    public Map<String, String> start() {
        try {
            dir = Files.createTempDirectory("race-proxy-");
            current = DelayingProxy.start(dir.resolve("engine.sock"), upstream, delay);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of(key, current.endpoint());
    }

    @Override
    public void stop() {
        try {
            current.close();
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
