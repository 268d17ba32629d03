package io.jcadvisor.container;

import io.jcadvisor.config.CadvisorConfig;
import io.quarkus.runtime.configuration.ConfigurationException;

import java.time.Duration;

/**
 * Bounds on containers a runtime is still starting ({@link Acceptance#PENDING}), shared by the manager
 * (which gives up on a name after {@code timeout}) and the runtime factories (whose question about one
 * such container is bounded by {@code timeout}, at most {@code max} at once).
 *
 * @param timeout {@code cadvisor.containers.pending-timeout}: longest a container stays pending
 * @param max     {@code cadvisor.containers.max-pending}: containers pending at once
 */
public record PendingLimits(Duration timeout, int max) {

    /** The configuration defaults: one minute, 100 containers. */
    public static final PendingLimits DEFAULTS = new PendingLimits(Duration.ofMinutes(1), 100);

    public PendingLimits {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("cadvisor.containers.pending-timeout must be positive: " + timeout);
        }
        if (max < 1) {
            throw new IllegalArgumentException("cadvisor.containers.max-pending must be at least 1: " + max);
        }
    }

    /** @throws ConfigurationException naming the key of a value the constructor refuses (one line at start-up) */
    public static PendingLimits from(CadvisorConfig config) {
        try {
            return new PendingLimits(config.containers().pendingTimeout(), config.containers().maxPending());
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(e.getMessage());
        }
    }
}
