package io.jcadvisor.metrics;

import io.prometheus.client.Collector;
import io.prometheus.client.Collector.MetricFamilySamples;
import io.prometheus.client.Collector.MetricFamilySamples.Sample;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes Prometheus text format 0.0.4 as UTF-8 bytes straight into a buffer that is flushed to the
 * response, byte for byte what the client library's {@code TextFormat.write004} writes for the same
 * families (the golden file and {@code TextExpositionTest} hold it to that): {@code # HELP} with
 * {@code \\} and newline escaped, {@code # TYPE}, then {@code name{label="value",...,} value [ms]} with
 * the trailing comma the library writes, values as Go-style doubles ({@code +Inf}, {@code -Inf},
 * {@code NaN}, else {@code Double.toString}). As in the library, the OpenMetrics-only samples
 * ({@code _created}, {@code _gcount}, {@code _gsum}) are moved into gauges written after everything else.
 *
 * <p>Container families skip the library's objects altogether: their label text is pre-encoded once per
 * container per scrape and copied ({@link #bytes}), so a sample costs a few array copies and its number.
 * One instance serves one response on one thread.
 */
final class TextExposition {

    private static final long NEGATIVE_ZERO = Double.doubleToRawLongBits(-0.0);

    private final OutputStream out;
    private final byte[] buffer;
    private int count;
    /** OpenMetrics-only samples, written last as gauges (library order: by name). */
    private final Map<String, MetricFamilySamples> deferred = new TreeMap<>();

    TextExposition(OutputStream out, int bufferSize) {
        this(out, bufferSize, new FormattedValues());
    }

    /** @param formatted where formatted values are remembered; one table may serve many responses at once */
    TextExposition(OutputStream out, int bufferSize, FormattedValues formatted) {
        this.out = out;
        this.buffer = new byte[Math.max(bufferSize, 32)];
        this.formatted = formatted;
    }

    /** A family from the client library's model, as {@code write004} writes it. */
    void family(MetricFamilySamples family) throws IOException {
        family(family, null);
    }

    /**
     * {@link #family(MetricFamilySamples)}, copying the header and each sample line's start
     * ({@code name{label="value",...,} }) from {@code last} where the family's name, type, help, and the
     * sample's name, label names and values at the same position are unchanged; what differs is encoded.
     *
     * @param last what an earlier response encoded for this family, or null
     * @return what this response encoded, for the next one
     */
    EncodedFamily family(MetricFamilySamples family, EncodedFamily last) throws IOException {
        byte[] header = last != null && last.name.equals(family.name) && last.type == family.type
                && last.help.equals(family.help) ? last.header : headerBytes(family.name, family.type, family.help);
        bytes(header);
        String created = family.name + "_created";
        String gcount = family.name + "_gcount";
        String gsum = family.name + "_gsum";
        int size = family.samples.size();
        Sample[] written = new Sample[size];
        byte[][] starts = new byte[size][];
        int n = 0;
        for (Sample sample : family.samples) {
            if (sample.name.equals(created) || sample.name.equals(gcount) || sample.name.equals(gsum)) {
                deferred.computeIfAbsent(sample.name, k -> new MetricFamilySamples(k, Collector.Type.GAUGE,
                        family.help, new ArrayList<>())).samples.add(sample);
                continue;
            }
            byte[] start = last != null && n < last.samples.length && sameSeries(last.samples[n], sample)
                    ? last.starts[n] : sampleStart(sample);
            written[n] = sample;
            starts[n++] = start;
            bytes(start);
            value(sample.value);
            if (sample.timestampMs != null) {
                ascii(' ');
                number(sample.timestampMs);
            }
            ascii('\n');
        }
        return new EncodedFamily(family.name, family.type, family.help, header,
                n == size ? written : java.util.Arrays.copyOf(written, n),
                n == size ? starts : java.util.Arrays.copyOf(starts, n));
    }

    /**
     * One library family as a response wrote it: its {@code # HELP}/{@code # TYPE} lines and the start of
     * each sample line, with the samples they were encoded from (their values are not part of it). The
     * agent's own families (JVM, Netty, process and machine) keep their names, help texts and labels from
     * one scrape to the next, and encoding them character by character cost as much as writing all the
     * container samples, whose labels are kept the same way.
     */
    static final class EncodedFamily {
        private final String name;
        private final Collector.Type type;
        private final String help;
        private final byte[] header;
        private final Sample[] samples;
        private final byte[][] starts;

        private EncodedFamily(String name, Collector.Type type, String help, byte[] header, Sample[] samples,
                byte[][] starts) {
            this.name = name;
            this.type = type;
            this.help = help;
            this.header = header;
            this.samples = samples;
            this.starts = starts;
        }
    }

    /** Same sample name, label names and label values (the same String objects, mostly: cheap to compare). */
    private static boolean sameSeries(Sample a, Sample b) {
        return a.name.equals(b.name) && a.labelNames.equals(b.labelNames) && a.labelValues.equals(b.labelValues);
    }

    /** {@code name{label="value",...,} } of a sample, or {@code name } without labels, as UTF-8. */
    private static byte[] sampleStart(Sample sample) {
        return encoded(64, text -> {
            text.utf8(sample.name);
            if (!sample.labelNames.isEmpty()) {
                text.ascii('{');
                for (int i = 0; i < sample.labelNames.size(); i++) {
                    text.utf8(sample.labelNames.get(i));
                    text.ascii('=');
                    text.ascii('"');
                    text.labelValue(sample.labelValues.get(i));
                    text.ascii('"');
                    text.ascii(',');
                }
                text.ascii('}');
            }
            text.ascii(' ');
        });
    }

    /** One writing step of a throwaway encoder ({@link #encoded}). */
    private interface Step {
        void write(TextExposition text) throws IOException;
    }

    /**
     * What {@code step} writes, as UTF-8 bytes kept for later responses (headers, label pairs, sample
     * starts). {@code sizeHint}: the expected length, bytes; a longer text still fits.
     */
    private static byte[] encoded(int sizeHint, Step step) {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream(sizeHint);
        try {
            TextExposition text = new TextExposition(bytes, sizeHint);
            step.write(text);
            text.flush();
        } catch (IOException e) {
            // a ByteArrayOutputStream does not throw; only the signature is shared with the response's stream
            throw new java.io.UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Writes the deferred OpenMetrics-only samples and flushes the buffer (the stream stays open). */
    void finish() throws IOException {
        if (!deferred.isEmpty()) {
            TextExposition rest = new TextExposition(out, 1024);
            flush();
            for (MetricFamilySamples f : deferred.values()) {
                rest.family(f);
            }
            rest.finish();
        }
        flush();
    }

    /** The {@code # HELP} and {@code # TYPE} lines of a family, as {@code write004} spells them. */
    static byte[] headerBytes(String name, Collector.Type type, String help) {
        return encoded(help.length() + 2 * name.length() + 40, text -> text.header(name, type, help));
    }

    private void header(String name, Collector.Type type, String help) throws IOException {
        String suffix = type == Collector.Type.COUNTER ? "_total" : type == Collector.Type.INFO ? "_info" : "";
        ascii("# HELP ");
        utf8(name);
        ascii(suffix);
        ascii(' ');
        if (help.indexOf('\\') < 0 && help.indexOf('\n') < 0) {
            utf8(help);
        } else {
            escapedHelp(help);
        }
        ascii('\n');
        ascii("# TYPE ");
        utf8(name);
        ascii(suffix);
        ascii(' ');
        ascii(typeString(type));
        ascii('\n');
    }

    private void escapedHelp(String help) throws IOException {
        for (int i = 0; i < help.length(); i++) {
            char c = help.charAt(i);
            if (c == '\\') {
                ascii("\\\\");
            } else if (c == '\n') {
                ascii("\\n");
            } else {
                utf8(c, help, i);
                if (Character.isHighSurrogate(c) && i + 1 < help.length() && Character.isLowSurrogate(help.charAt(i + 1))) {
                    i++;
                }
            }
        }
    }

    private static String typeString(Collector.Type type) {
        return switch (type) {
            case GAUGE, STATE_SET, INFO -> "gauge";
            case COUNTER -> "counter";
            case SUMMARY -> "summary";
            case HISTOGRAM, GAUGE_HISTOGRAM -> "histogram";
            default -> "untyped";
        };
    }

    /** {@code name="value",} of one label, pre-encoded (the value escaped as in a sample). */
    static byte[] labelBytes(String name, String value) {
        return encoded(name.length() + value.length() + 8, text -> text.label(name, value));
    }

    /** Writes {@code name="value",} (the value escaped as in a sample). */
    void label(String name, String value) throws IOException {
        utf8(name);
        ascii("=\"");
        labelValue(value);
        ascii("\",");
    }

    /** A label value with {@code \\}, {@code "} and newline escaped. */
    void labelValue(String value) throws IOException {
        if (value.indexOf('\\') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0) {
            utf8(value);
            return;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> ascii("\\\\");
                case '"' -> ascii("\\\"");
                case '\n' -> ascii("\\n");
                default -> {
                    utf8(c, value, i);
                    if (Character.isHighSurrogate(c) && i + 1 < value.length()
                            && Character.isLowSurrogate(value.charAt(i + 1))) {
                        i++;
                    }
                }
            }
        }
    }

    /** A sample value as Go prints a float64 in this format ({@code Collector.doubleToGoString}). */
    void value(double value) throws IOException {
        if (value == Double.POSITIVE_INFINITY) {
            ascii("+Inf");
        } else if (value == Double.NEGATIVE_INFINITY) {
            ascii("-Inf");
        } else if (value == (long) value && Math.abs(value) < 1e7
                && Double.doubleToRawLongBits(value) != NEGATIVE_ZERO) {
            // what Double.toString writes for a whole number below 10^7 ("42.0"), without its String
            number((long) value);
            ensure(2);
            buffer[count++] = '.';
            buffer[count++] = '0';
        } else {
            bytes(formatted(value));
        }
    }

    private byte[] formatted(double value) {
        return formatted.bytes(value);
    }

    /**
     * {@code Double.toString} of values as ASCII bytes, remembered in a small fixed table: the same values
     * recur over containers (a filesystem's size under every container, ...) and over scrapes (limits,
     * idle counters), and the JDK's formatter is the costliest step of a sample line. Direct-mapped by the
     * value's bits; a collision just formats again. Each slot holds one immutable entry, so responses
     * written at the same time can share a table.
     */
    static final class FormattedValues {
        /** Slots (a power of two): about the distinct fractional values of a scrape of 100 containers. */
        private static final int SLOTS = 1024;

        private record Entry(long bits, byte[] text) {
        }

        private final Entry[] slots = new Entry[SLOTS];

        byte[] bytes(double value) {
            long bits = Double.doubleToRawLongBits(value);
            int slot = (int) (bits ^ (bits >>> 29) ^ (bits >>> 47)) & (SLOTS - 1);
            Entry e = slots[slot];
            if (e == null || e.bits != bits) {
                e = new Entry(bits, Double.toString(value).getBytes(StandardCharsets.US_ASCII));
                slots[slot] = e;
            }
            return e.text;
        }
    }

    private final FormattedValues formatted;

    /** A decimal long ({@code Long.toString}) without a String. */
    void number(long value) throws IOException {
        if (value == Long.MIN_VALUE) {
            ascii(Long.toString(value));
            return;
        }
        ensure(20);
        if (value < 0) {
            buffer[count++] = '-';
            value = -value;
        }
        if (value < BILLION) {
            digits((int) value, false);
            return;
        }
        // The agent runs on C1, which divides longs by calling into the VM: one long division splits the
        // value into int parts, whose digits need only multiplications.
        long high = value / BILLION;
        int low = (int) (value - high * BILLION);
        if (high < BILLION) {
            digits((int) high, false);
        } else {
            long top = high / BILLION;
            digits((int) top, false);
            digits((int) (high - top * BILLION), true);
        }
        digits(low, true);
    }

    private static final long BILLION = 1_000_000_000L;

    /**
     * The decimal digits of {@code 0 <= value < 10^9} into the buffer (room already ensured); {@code padded}
     * writes all nine, with leading zeros. {@code x / 10} is {@code (x * 0xCCCCCCCD) >>> 35}, exact for
     * every value below 2^32.
     */
    private void digits(int value, boolean padded) {
        int n = padded ? 9 : digitCount(value);
        int end = count + n;
        long v = value;
        for (int i = end - 1; i >= count; i--) {
            long q = (v * 0xCCCCCCCDL) >>> 35;
            buffer[i] = (byte) ('0' + (int) (v - q * 10));
            v = q;
        }
        count = end;
    }

    private static int digitCount(int value) {
        int n = 1;
        for (int limit = 10; n < 10 && value >= limit; limit *= 10) {
            n++;
        }
        return n;
    }

    void bytes(byte[] source, int offset, int length) throws IOException {
        if (length > buffer.length - count) {
            flush();
            if (length > buffer.length) {
                out.write(source, offset, length);
                return;
            }
        }
        System.arraycopy(source, offset, buffer, count, length);
        count += length;
    }

    void bytes(byte[] source) throws IOException {
        bytes(source, 0, source.length);
    }

    void ascii(char c) throws IOException {
        if (count == buffer.length) {
            flush();
        }
        buffer[count++] = (byte) c;
    }

    /** Text known to be ASCII (the format's own punctuation, numbers). */
    void ascii(String s) throws IOException {
        int n = s.length();
        if (n > buffer.length - count) {
            flush();
        }
        if (n > buffer.length) {
            out.write(s.getBytes(StandardCharsets.US_ASCII));
            return;
        }
        for (int i = 0; i < n; i++) {
            buffer[count + i] = (byte) s.charAt(i);
        }
        count += n;
    }

    void utf8(String s) throws IOException {
        if (s.length() > 64) {
            // the JDK's encoder, intrinsified for Latin-1 text; it writes an unpaired surrogate as '?' too
            bytes(s.getBytes(StandardCharsets.UTF_8));
            return;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            utf8(c, s, i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            }
        }
    }

    /**
     * One char of {@code s} at {@code i} as UTF-8; a high surrogate followed by a low one is written as
     * its code point (the caller skips the low half), an unpaired surrogate as {@code ?}, like the JDK's
     * encoder and the agent's {@code Utf8Writer}.
     */
    private void utf8(char c, String s, int i) throws IOException {
        ensure(4);
        if (c < 0x80) {
            buffer[count++] = (byte) c;
        } else if (c < 0x800) {
            buffer[count++] = (byte) (0xC0 | (c >> 6));
            buffer[count++] = (byte) (0x80 | (c & 0x3F));
        } else if (Character.isSurrogate(c)) {
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(i + 1));
                buffer[count++] = (byte) (0xF0 | (cp >> 18));
                buffer[count++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                buffer[count++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                buffer[count++] = (byte) (0x80 | (cp & 0x3F));
            } else {
                buffer[count++] = '?';
            }
        } else {
            buffer[count++] = (byte) (0xE0 | (c >> 12));
            buffer[count++] = (byte) (0x80 | ((c >> 6) & 0x3F));
            buffer[count++] = (byte) (0x80 | (c & 0x3F));
        }
    }

    private void ensure(int room) throws IOException {
        if (buffer.length - count < room) {
            flush();
        }
    }

    void flush() throws IOException {
        if (count > 0) {
            out.write(buffer, 0, count);
            count = 0;
        }
    }
}
