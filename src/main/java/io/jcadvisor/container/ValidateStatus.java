package io.jcadvisor.container;

/** Upstream's status tokens of a {@code /validate/} section. */
public enum ValidateStatus {
    RECOMMENDED("[Supported and recommended]"),
    SUPPORTED("[Supported, but not recommended]"),
    UNSUPPORTED("[Unsupported]"),
    UNKNOWN("[Unknown]");

    private final String token;

    ValidateStatus(String token) {
        this.token = token;
    }

    /** As printed: {@code [Supported and recommended]}. */
    public String token() {
        return token;
    }
}
