package io.jcadvisor.info.v1;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Writes an {@link Instant} as RFC 3339 in UTC ({@code 2026-11-26T22:38:54.28018376Z}), the text of
 * Go's {@code time.RFC3339Nano} that upstream's JSON carries: the fraction without trailing zeros, none
 * when zero. No formatter is used, so nothing is allocated per call: answers of thousands of samples
 * carry one timestamp each.
 */
@RegisterForReflection
public final class InstantSerializer extends StdSerializer<Instant> {

    public InstantSerializer() {
        super(Instant.class);
    }

    @Override
    public void serialize(Instant value, JsonGenerator gen, SerializerProvider provider) throws IOException {
        LocalDateTime t = LocalDateTime.ofEpochSecond(value.getEpochSecond(), 0, ZoneOffset.UTC);
        int year = t.getYear();
        if (year < 0 || year > 9999) {
            gen.writeString(value.toString());
            return;
        }
        char[] out = new char[30];
        int n = 0;
        n = digits(out, n, year, 4);
        out[n++] = '-';
        n = digits(out, n, t.getMonthValue(), 2);
        out[n++] = '-';
        n = digits(out, n, t.getDayOfMonth(), 2);
        out[n++] = 'T';
        n = digits(out, n, t.getHour(), 2);
        out[n++] = ':';
        n = digits(out, n, t.getMinute(), 2);
        out[n++] = ':';
        n = digits(out, n, t.getSecond(), 2);
        int nanos = value.getNano();
        if (nanos != 0) {
            out[n++] = '.';
            n = digits(out, n, nanos, 9);
            while (out[n - 1] == '0') {
                n--;
            }
        }
        out[n++] = 'Z';
        gen.writeString(out, 0, n);
    }

    /** Writes {@code value} zero-padded to {@code width} digits. */
    private static int digits(char[] out, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            out[i] = (char) ('0' + value % 10);
            value /= 10;
        }
        return at + width;
    }
}
