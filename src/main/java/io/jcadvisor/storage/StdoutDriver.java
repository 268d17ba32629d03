package io.jcadvisor.storage;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/**
 * {@code -storage_driver=stdout}: one line per sample on standard output,
 * {@code cName=<container> host=<namespace> timestamp=<ns> cpu_usage_total=<ns> …} where namespace is
 * {@code -storage_driver_host} (upstream's choice) and the keys are those of {@link StatsSeries}.
 *
 * <p>Upstream writes {@code timestamp} as the wall clock at write time; here it is the sample's own
 * timestamp, in nanoseconds since the epoch, so a queued line still says when it was measured.
 */
final class StdoutDriver implements SampleWriter {

    private final PrintStream out;
    private final String namespace;

    StdoutDriver(PrintStream out, String namespace) {
        this.out = out;
        this.namespace = namespace;
    }

    @Override
    public void write(List<Sample> batch) {
        StringBuilder lines = new StringBuilder(batch.size() * 1024);
        for (Sample sample : batch) {
            line(sample, lines);
            lines.append('\n');
        }
        // one print per batch, so lines of concurrent writers (the app's log) do not interleave mid-line
        out.print(lines);
        out.flush();
    }

    /** The line for one sample, without the newline. */
    String line(Sample sample) {
        StringBuilder line = new StringBuilder(1024);
        line(sample, line);
        return line.toString();
    }

    private void line(Sample sample, StringBuilder line) {
        line.append("cName=").append(sample.containerName()).append(" host=").append(namespace);
        java.time.Instant ts = sample.stats().timestamp();
        long nanos = ts.getEpochSecond() * 1_000_000_000L + ts.getNano();
        line.append(" timestamp=").append(nanos);
        for (Map.Entry<String, Long> e : StatsSeries.of(sample.stats(), "load_average").entrySet()) {
            line.append(' ').append(e.getKey()).append('=').append(Long.toUnsignedString(e.getValue()));
        }
    }
}
