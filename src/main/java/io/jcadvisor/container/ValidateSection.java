package io.jcadvisor.container;

import java.util.List;

/**
 * A section a runtime plugin adds to {@code /validate/} (e.g. Docker: version and storage driver).
 * Beans of this type are collected with {@code Instance<ValidateSection>} and printed after the
 * host sections, in {@link #order()}.
 */
public interface ValidateSection {

    /** Position among plugin sections; lower first. */
    default int order() {
        return 100;
    }

    /** Checks now and reports; must not throw (an unreachable daemon is an {@code [Unknown]} or {@code [Unsupported]}). */
    ValidateResult check();

    /**
     * Every section this plugin reports, in order; {@link #check()} alone unless the plugin has more
     * than one (Docker: version, then driver setup).
     */
    default List<ValidateResult> checks() {
        return List.of(check());
    }
}
