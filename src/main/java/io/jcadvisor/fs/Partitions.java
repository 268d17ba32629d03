package io.jcadvisor.fs;

import io.jcadvisor.config.CadvisorConfig;
import io.jcadvisor.host.HostFacts;
import io.jcadvisor.host.HostFs;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The machine's partitions (docs/data-sources.md §5), read from {@code /proc/1/mountinfo} (the host's
 * mount namespace even when the agent runs in a container; {@code /proc/self/mountinfo} when pid 1
 * is unreadable) and parsed by {@link PartitionParser}. UUIDs come from the
 * {@code /dev/disk/by-uuid} links when the host has them.
 *
 * <p>The list is cached and read again once {@code cadvisor.machine.update-interval} has passed,
 * or on {@link #refresh()} (machine info refresh calls it), so a root sample never parses the
 * mount table.
 */
@ApplicationScoped
public class Partitions implements PartitionSource {

    private static final Logger LOG = Logger.getLogger(Partitions.class);

    private final HostFs hostFs;
    private final HostFacts facts;
    private final String dockerRoot;
    private final Duration maxAge;
    private final Clock clock;

    private record Snapshot(List<Partition> partitions, Instant readAt) {
    }

    private volatile Snapshot snapshot;

    @Inject
    public Partitions(HostFs hostFs, HostFacts facts, CadvisorConfig config, Clock clock) {
        this(hostFs, facts, config.runtimes().docker().root(), config.machine().updateInterval(), clock);
    }

    /** With the facts of the host under {@code hostFs}: for a test on a fixture tree. */
    public Partitions(HostFs hostFs, String dockerRoot, Duration maxAge, Clock clock) {
        this(hostFs, new HostFacts(hostFs), dockerRoot, maxAge, clock);
    }

    /**
     * @param facts      the host's mount table
     * @param dockerRoot Docker's storage root for the {@code docker-images} label
     * @param maxAge     how long a read of the mount table is reused
     */
    public Partitions(HostFs hostFs, HostFacts facts, String dockerRoot, Duration maxAge, Clock clock) {
        this.hostFs = hostFs;
        this.facts = facts;
        this.dockerRoot = dockerRoot;
        this.maxAge = maxAge;
        this.clock = clock;
    }

    @Override
    public List<Partition> partitions() {
        Snapshot current = snapshot;
        if (current == null || !clock.instant().isBefore(current.readAt().plus(maxAge))) {
            return refresh();
        }
        return current.partitions();
    }

    /** Reads the mount table now and keeps the result. */
    public synchronized List<Partition> refresh() {
        List<MountInfo> mounts = MountInfoParser.parse(mountInfoLines());
        List<Partition> partitions = PartitionParser.partitions(fixBtrfsIds(mounts), dockerRoot, uuidsByDevice());
        snapshot = new Snapshot(partitions, clock.instant());
        LOG.debugf("filesystem layer knows %d partitions", partitions.size());
        return partitions;
    }

    /**
     * The partition holding a host directory (upstream {@code GetDirFsDevice}): the one whose
     * major:minor equals the directory's {@code st_dev}; else the partition mounted deepest above
     * the directory, if it is a block device ({@code /dev/…}). Empty when neither matches.
     */
    public Optional<Partition> partitionFor(String hostDir) {
        List<Partition> known = partitions();
        try {
            long dev = hostFs.stat(hostDir).device();
            for (Partition partition : known) {
                if (partition.major() == devMajor(dev) && partition.minor() == devMinor(dev)) {
                    return Optional.of(partition);
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.debugf("cannot stat %s: %s", hostDir, e);
        }
        Partition deepest = null;
        for (Partition partition : known) {
            if (partition.device().startsWith("/dev/") && contains(partition.mountpoint(), hostDir)
                    && (deepest == null || deepest.mountpoint().length() < partition.mountpoint().length())) {
                deepest = partition;
            }
        }
        return Optional.ofNullable(deepest);
    }

    private static boolean contains(String mountpoint, String dir) {
        return mountpoint.equals("/") || dir.equals(mountpoint) || dir.startsWith(mountpoint + "/");
    }

    private List<String> mountInfoLines() {
        return facts.mountInfo();
    }

    /** {@code /dev/disk/by-uuid/<uuid>} → {@code ../../vda1}: device path → uuid. */
    Map<String, String> uuidsByDevice() {
        Map<String, String> uuids = new HashMap<>();
        for (String uuid : hostFs.list("/dev/disk/by-uuid")) {
            hostFs.readLink("/dev/disk/by-uuid/" + uuid).ifPresent(target -> {
                String name = target.substring(target.lastIndexOf('/') + 1);
                if (!name.isEmpty()) {
                    uuids.put("/dev/" + name, uuid);
                }
            });
        }
        return uuids;
    }

    /**
     * btrfs reports an anonymous device (major 0) in mountinfo, so its I/O counters would never
     * match; like upstream, take the major/minor of the source block device node instead.
     */
    private List<MountInfo> fixBtrfsIds(List<MountInfo> mounts) {
        List<MountInfo> fixed = new ArrayList<>(mounts.size());
        for (MountInfo m : mounts) {
            if (m.fsType().equals("btrfs") && m.major() == 0 && m.source().startsWith("/dev/")) {
                try {
                    long rdev = hostFs.stat(m.source()).rdev();
                    m = new MountInfo(m.mountId(), m.parentId(), devMajor(rdev), devMinor(rdev), m.root(),
                            m.mountPoint(), m.options(), m.fsType(), m.source(), m.superOptions());
                } catch (IOException | RuntimeException e) {
                    LOG.debugf("cannot stat btrfs device %s: %s", m.source(), e);
                }
            }
            fixed.add(m);
        }
        return fixed;
    }

    /** glibc's encoding of dev_t: 12 bits of major in bits 8–19, the rest from bit 32. */
    static int devMajor(long dev) {
        return (int) (((dev >>> 8) & 0xfff) | ((dev >>> 32) & ~0xfffL));
    }

    static int devMinor(long dev) {
        return (int) ((dev & 0xff) | ((dev >>> 12) & ~0xffL));
    }
}
