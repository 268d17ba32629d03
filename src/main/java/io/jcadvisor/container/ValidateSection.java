package io.jcadvisor.container;

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
}
