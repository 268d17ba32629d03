package io.jcadvisor.container.docker;

import io.jcadvisor.container.DiscoveryHint;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.inject.Singleton;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Test bean: records the DiscoveryHint CDI events the Docker factory fires, with their arrival time. */
@Singleton
public class HintRecorder {

    final Map<String, Long> hints = new ConcurrentHashMap<>();

    void on(@ObservesAsync DiscoveryHint hint) {
        hints.putIfAbsent(hint.id() + (hint.started() ? "+" : "-"), System.nanoTime());
    }
}
