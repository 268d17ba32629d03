package io.jcadvisor.machine;

import io.jcadvisor.config.CadvisorConfig;
import io.jcadvisor.fs.Partition;
import io.jcadvisor.fs.PartitionSource;
import io.jcadvisor.host.HostFs;
import io.jcadvisor.info.v1.DiskInfo;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The machine's device namer (docs/data-sources.md §3.5, upstream's {@code MachineInfoNamer}): a
 * {@code major:minor} is named {@code /dev/<name>} from the disk map ({@code /sys/block/<name>/dev},
 * without loop, ram, sr and hidden devices, as in machine info), else by the device string of a
 * machine filesystem with those numbers ({@code /dev/vda1}, {@code /dev/loop0}; from mountinfo via
 * {@link PartitionSource}), else {@code ""}.
 *
 * <p>The table is rebuilt once {@code cadvisor.machine.update-interval} has passed, since upstream
 * names from the machine info it refreshes at that interval; a disk attached in between stays
 * unnamed until then.
 *
 * <p>It does not implement the cgroup readers' {@code DeviceNamer}: machine sits beside cgroup, not
 * above it, so the container layer adapts one to the other ({@code container.MachineDevices}).
 */
@ApplicationScoped
public class MachineDeviceNamer {

    private final HostFs hostFs;
    private final PartitionSource partitions;
    private final Duration maxAge;
    private final Clock clock;

    private record Table(Map<Long, String> names, Instant builtAt) {
    }

    private volatile Table table;

    @Inject
    public MachineDeviceNamer(HostFs hostFs, PartitionSource partitions, CadvisorConfig config, Clock clock) {
        this(hostFs, partitions, config.machine().updateInterval(), clock);
    }

    /** @param maxAge how long one reading of {@code /sys/block} and the partitions is used */
    public MachineDeviceNamer(HostFs hostFs, PartitionSource partitions, Duration maxAge, Clock clock) {
        this.hostFs = hostFs;
        this.partitions = partitions;
        this.maxAge = maxAge;
        this.clock = clock;
    }

    /**
     * @return the device path ({@code /dev/vda}), or {@code ""} when the machine knows no device
     *         with these numbers, as upstream leaves it
     */
    public String deviceName(long major, long minor) {
        return table().names().getOrDefault(key(major, minor), "");
    }

    private Table table() {
        Table current = table;
        Instant now = clock.instant();
        if (current == null || !now.isBefore(current.builtAt().plus(maxAge))) {
            current = new Table(read(), now);
            table = current;
        }
        return current;
    }

    /** Filesystems first, then the disk map over them, so a disk-map entry wins as upstream's lookup order. */
    private Map<Long, String> read() {
        Map<Long, String> names = new HashMap<>();
        for (Partition p : partitions.partitions()) {
            names.putIfAbsent(key(p.major(), p.minor()), p.device());
        }
        for (DiskInfo disk : MachineInfoReader.diskMap(hostFs).values()) {
            names.put(key(disk.major(), disk.minor()), "/dev/" + disk.name());
        }
        return Map.copyOf(names);
    }

    private static long key(long major, long minor) {
        return (major << 32) | (minor & 0xffffffffL);
    }
}
