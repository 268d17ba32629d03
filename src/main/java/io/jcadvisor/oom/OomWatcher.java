package io.jcadvisor.oom;

import io.jcadvisor.events.EventSink;
import io.jcadvisor.events.EventTypes;
import io.jcadvisor.host.HostFacts;
import io.jcadvisor.host.HostFs;
import io.jcadvisor.host.RecordStream;
import io.jcadvisor.info.v1.Event;
import io.jcadvisor.info.v1.EventData;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The OOM watcher (upstream {@code manager.watchForNewOoms}): a daemon thread reads {@code /dev/kmsg}
 * from the oldest record still in the ring buffer, so kills from before start-up count too, and for
 * each {@link OomInstance} adds an {@code oom} event for the task's cgroup, an {@code oomKill} event
 * (pid, process name, constraint) for the memory cgroup whose limit was hit, and one to the
 * {@link OomCounter} of the task's cgroup ({@code docs/data-sources.md} §3.13).
 *
 * <p>{@code /dev/kmsg} is opened under the host root. When it cannot be opened (no such device,
 * {@code dmesg_restrict} without {@code CAP_SYSLOG}) one warning is logged and OOM detection stays off:
 * no OOM events, and samples keep the cgroup's own {@code oom_kill} count.
 */
@ApplicationScoped
public class OomWatcher {

    static final String KMSG = "/dev/kmsg";

    private final HostFs hostFs;
    private final HostFacts facts;
    private final EventSink events;
    private final OomCounter counter;
    private final Clock clock;
    private final AtomicLong found = new AtomicLong();

    private volatile RecordStream stream;
    private volatile Thread thread;
    private volatile boolean running;
    private volatile String failure = "not started";

    /** @param facts the host's boot time, which the kernel log's timestamps count from */
    @Inject
    public OomWatcher(HostFs hostFs, HostFacts facts, EventSink events, OomCounter counter, Clock clock) {
        this.hostFs = hostFs;
        this.facts = facts;
        this.events = events;
        this.counter = counter;
        this.clock = clock;
    }

    /** With the facts of the host under {@code hostFs} read anew: for a test on a fixture tree. */
    public OomWatcher(HostFs hostFs, EventSink events, OomCounter counter, Clock clock) {
        this(hostFs, new HostFacts(hostFs), events, counter, clock);
    }

    void onStart(@Observes StartupEvent event) {
        start();
    }

    void onStop(@Observes ShutdownEvent event) {
        stop();
    }

    /**
     * Opens {@code /dev/kmsg} and starts the reader thread.
     *
     * @return whether OOM detection is on
     */
    public synchronized boolean start() {
        if (running) {
            return true;
        }
        RecordStream opened;
        try {
            opened = hostFs.openRecordStream(KMSG);
        } catch (IOException | RuntimeException e) {
            failure = "cannot read " + hostFs.pathOnAgent(KMSG) + " (" + e + ")";
            Log.warnf("Cannot read the kernel log %s (%s): OOM events are off, and OOM counts come from the "
                    + "cgroups' own oom_kill counters", hostFs.pathOnAgent(KMSG), e);
            return false;
        }
        Instant now = clock.instant();
        Instant boot = OomParser.bootTime(now, facts.uptimeSeconds(), facts.bootTimeSeconds())
                .orElse(now);
        stream = opened;
        running = true;
        counter.activate();
        Thread t = new Thread(() -> run(opened, boot), "oom-watcher");
        t.setDaemon(true);
        thread = t;
        t.start();
        Log.infof("Watching %s for OOM kills", hostFs.pathOnAgent(KMSG));
        return true;
    }

    /** Closes the stream, which ends a blocked read, and waits briefly for the thread. */
    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        try {
            stream.close();
        } catch (IOException e) {
            Log.debugf(e, "Closing %s", KMSG);
        }
        Thread t = thread;
        if (t != null) {
            try {
                t.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        thread = null;
    }

    /** Why OOM events are off (start failed, or it was never started); empty while the kernel log is read. */
    public Optional<String> offBecause() {
        return running ? Optional.empty() : Optional.of(failure);
    }

    /** The kernel log's path under the host root. */
    public String kmsgPath() {
        return hostFs.pathOnAgent(KMSG);
    }

    /** OOM kills found since start. */
    public long found() {
        return found.get();
    }

    /** The reader thread is alive (tests). */
    boolean reading() {
        Thread t = thread;
        return t != null && t.isAlive();
    }

    private void run(RecordStream records, Instant boot) {
        OomParser.Scanner scanner = new OomParser.Scanner();
        try {
            String record;
            while ((record = records.next()) != null) {
                OomParser.parseRecord(record).flatMap(scanner::accept).ifPresent(i -> publish(i, boot));
            }
        } catch (IOException | RuntimeException e) {
            if (running) {
                Log.warnf(e, "Reading %s failed: no further OOM events", KMSG);
            }
        } finally {
            if (records.overruns() > 0) {
                Log.infof("%s: %d ring buffer overruns skipped", KMSG, records.overruns());
            }
        }
    }

    private void publish(OomInstance oom, Instant boot) {
        Instant at;
        try {
            at = OomParser.timeOf(boot, oom.monotonicMicros());
        } catch (ArithmeticException e) {
            at = clock.instant();
        }
        events.add(new Event(oom.containerName(), at, EventTypes.OOM, EventData.EMPTY));
        events.add(new Event(oom.victimContainerName(), at, EventTypes.OOM_KILL,
                new EventData(new EventData.OomKillEventData(oom.pid(), oom.processName(), oom.constraint()), null)));
        counter.increment(oom.containerName());
        found.incrementAndGet();
        Log.debugf("OOM kill of %d (%s) in %s, limit of %s", oom.pid(), oom.processName(), oom.containerName(),
                oom.victimContainerName());
    }
}
