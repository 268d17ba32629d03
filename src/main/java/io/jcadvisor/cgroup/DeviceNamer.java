package io.jcadvisor.cgroup;

/**
 * Names a block device by its {@code major:minor} numbers, for the {@code device} field of the
 * per-device I/O lists ({@code io_service_bytes[].device}, label {@code device} of the diskIO
 * families). Upstream's {@code DeviceNamer}: the machine's disk map first, then its filesystems.
 */
@FunctionalInterface
public interface DeviceNamer {

    /** Never names anything: every device stays {@code ""}. */
    DeviceNamer NONE = (major, minor) -> "";

    /**
     * @return the device path ({@code /dev/vda}), or {@code ""} when the machine knows no device
     *         with these numbers, as upstream leaves it
     */
    String deviceName(long major, long minor);
}
