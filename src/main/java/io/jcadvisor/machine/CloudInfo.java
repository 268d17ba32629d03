package io.jcadvisor.machine;

/**
 * Where the machine runs, as machine info reports it.
 *
 * @param provider     {@code GCE}, {@code AWS}, {@code Azure} or {@code Unknown}
 * @param instanceType e.g. {@code m5.large}; {@code Unknown} when not known offline
 * @param instanceId   e.g. {@code i-0123456789abcdef0}; {@code None} when not known offline
 */
public record CloudInfo(String provider, String instanceType, String instanceId) {

    public static final String UNKNOWN = "Unknown";
    public static final String NO_INSTANCE = "None";
    public static final CloudInfo NONE = new CloudInfo(UNKNOWN, UNKNOWN, NO_INSTANCE);
}
