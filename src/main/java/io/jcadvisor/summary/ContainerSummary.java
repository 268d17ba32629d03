package io.jcadvisor.summary;

import io.jcadvisor.info.v1.ContainerSpec;
import io.jcadvisor.info.v2.DerivedStats;
import io.jcadvisor.info.v2.InstantUsage;
import io.jcadvisor.info.v2.Percentiles;
import io.jcadvisor.info.v2.Usage;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Derived usage of one container (upstream {@code summary.StatsSummary}, {@code /api/v2.x/summary}).
 * Fed one (timestamp, cumulative cpu ns, working set bytes) per housekeeping sample; time comes only
 * from the samples, so it is driven entirely by the caller. Thread-safe.
 *
 * <ul>
 *   <li>Latest usage: cpu = Δcpu_ns·1000/Δt_ns in millicores between the last two samples, memory =
 *       latest working set; not updated when they are less than 10 ms apart or the counter went down.</li>
 *   <li>When the buffered samples span more than 60 s they are folded into one minute bucket (cpu rates
 *       between consecutive samples, memory values) and only the last sample is kept; the last
 *       {@value #MINUTES} buckets form the hour.</li>
 *   <li>Hour and day aggregate the buckets: max of maxima, mean of means, percentiles (and std) over
 *       the buckets' 90th percentiles, count = number of buckets. Day uses the same ≤60 buckets with
 *       {@code percent_complete = n·100/1440}, as upstream.</li>
 * </ul>
 */
public final class ContainerSummary {

    /** Minute buckets kept: one hour. */
    public static final int MINUTES = 60;

    private static final Duration MINUTE = Duration.ofSeconds(60);
    /** Upstream counts a minute as complete from 58 s of samples on. */
    private static final Duration FULL_MINUTE = Duration.ofSeconds(58);
    private static final long MIN_RATE_INTERVAL_NS = 10_000_000L;
    private static final int MINUTES_PER_DAY = 1440;

    private record Sample(Instant timestamp, long cpu, long memory) {
    }

    private final boolean hasCpu;
    private final boolean hasMemory;
    private final List<Sample> seconds = new ArrayList<>();
    private final ArrayDeque<Usage> minutes = new ArrayDeque<>(MINUTES);
    private Instant timestamp = ContainerSpec.ZERO_TIME;
    private InstantUsage latest = new InstantUsage(0, 0);
    private Usage minuteUsage = Usage.EMPTY;
    private Usage hourUsage = Usage.EMPTY;
    private Usage dayUsage = Usage.EMPTY;

    /** @param hasCpu whether cpu values are meaningful; @param hasMemory likewise for memory */
    public ContainerSummary(boolean hasCpu, boolean hasMemory) {
        this.hasCpu = hasCpu;
        this.hasMemory = hasMemory;
    }

    /**
     * Adds one sample.
     *
     * @param timestamp  sample time
     * @param cpuTotalNs cumulative cpu time, {@code cpu.usage.total} (ignored without cpu)
     * @param workingSet working set bytes (ignored without memory)
     */
    public synchronized void add(Instant timestamp, long cpuTotalNs, long workingSet) {
        seconds.add(new Sample(timestamp, hasCpu ? cpuTotalNs : 0, hasMemory ? workingSet : 0));
        updateLatest();
        int n = seconds.size();
        if (n > 1 && Duration.between(seconds.get(0).timestamp, seconds.get(n - 1).timestamp).compareTo(MINUTE) > 0) {
            Usage minute = foldMinute();
            Sample last = seconds.get(n - 1);
            seconds.clear();
            seconds.add(last);
            if (minutes.size() == MINUTES) {
                minutes.removeFirst();
            }
            minutes.addLast(minute);
            minuteUsage = minute;
            hourUsage = aggregate(minutes.size() * 100 / MINUTES);
            dayUsage = aggregate(minutes.size() * 100 / MINUTES_PER_DAY);
            this.timestamp = last.timestamp;
        }
    }

    /** Whether cpu values are tracked. */
    public boolean hasCpu() {
        return hasCpu;
    }

    /** Whether memory values are tracked. */
    public boolean hasMemory() {
        return hasMemory;
    }

    /** The derived stats as of the last sample. */
    public synchronized DerivedStats derived() {
        return new DerivedStats(timestamp, latest, minuteUsage, hourUsage, dayUsage);
    }

    /** Minute buckets held (at most {@value #MINUTES}). */
    public synchronized int minuteCount() {
        return minutes.size();
    }

    private void updateLatest() {
        int n = seconds.size();
        if (n < 2) {
            return;
        }
        Sample previous = seconds.get(n - 2);
        Sample current = seconds.get(n - 1);
        long elapsed = Duration.between(previous.timestamp, current.timestamp).toNanos();
        if (elapsed < MIN_RATE_INTERVAL_NS || current.cpu < previous.cpu) {
            return;
        }
        latest = new InstantUsage(rate(previous, current, elapsed), current.memory);
        timestamp = current.timestamp;
    }

    /** Millicores between two samples. */
    private static long rate(Sample a, Sample b, long elapsedNs) {
        return (long) ((double) (b.cpu - a.cpu) * 1000 / elapsedNs);
    }

    private Usage foldMinute() {
        long[] cpu = new long[seconds.size()];
        long[] memory = new long[seconds.size()];
        int cpuCount = 0;
        int memoryCount = 0;
        Sample previous = null;
        for (Sample s : seconds) {
            if (previous != null) {
                long elapsed = Duration.between(previous.timestamp, s.timestamp).toNanos();
                if (elapsed <= 0 || s.cpu < previous.cpu) {
                    // no rate across a reset or a clock step; the sample still opens the next pair
                    previous = s;
                    continue;
                }
                cpu[cpuCount++] = rate(previous, s, elapsed);
            }
            memory[memoryCount++] = s.memory;
            previous = s;
        }
        Duration span = Duration.between(seconds.get(0).timestamp, seconds.get(seconds.size() - 1).timestamp);
        int percent = span.compareTo(FULL_MINUTE) >= 0 ? 100 : (int) (span.toMillis() * 100 / MINUTE.toMillis());
        return new Usage(percent,
                hasCpu ? Percentile.summarize(Arrays.copyOf(cpu, cpuCount)) : Percentiles.ABSENT,
                hasMemory ? Percentile.summarize(Arrays.copyOf(memory, memoryCount)) : Percentiles.ABSENT);
    }

    private Usage aggregate(int percentComplete) {
        return new Usage(percentComplete,
                hasCpu ? aggregate(minutes.stream().map(Usage::cpu).toList()) : Percentiles.ABSENT,
                hasMemory ? aggregate(minutes.stream().map(Usage::memory).toList()) : Percentiles.ABSENT);
    }

    private static Percentiles aggregate(List<Percentiles> buckets) {
        List<Percentiles> present = buckets.stream().filter(Percentiles::present).toList();
        if (present.isEmpty()) {
            return Percentiles.ABSENT;
        }
        long max = 0;
        double meanSum = 0;
        long[] ninetieths = new long[present.size()];
        for (int i = 0; i < present.size(); i++) {
            Percentiles p = present.get(i);
            max = Math.max(max, p.max());
            meanSum += p.mean();
            ninetieths[i] = p.ninety();
        }
        Percentiles over90 = Percentile.summarize(ninetieths);
        return new Percentiles(true, (long) (meanSum / present.size()), over90.std(), max, over90.fifty(),
                over90.ninety(), over90.ninetyfive(), present.size());
    }
}
