package io.jcadvisor.container.containerd;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Encodes the few protobuf messages the agent sends (requests of one or two string fields). Only
 * what proto3 needs for them: varint keys and lengths, length-delimited values; empty strings are
 * left out, as proto3 does for default values.
 */
final class ProtoWriter {

    /** Wire type of length-delimited values (strings, bytes, embedded messages). */
    static final int LENGTH_DELIMITED = 2;
    /** Wire type of varints (integers, enums, bools). */
    static final int VARINT = 0;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    /** Adds string field {@code field}; nothing when {@code value} is empty. */
    ProtoWriter string(int field, String value) {
        if (value != null && !value.isEmpty()) {
            bytes(field, value.getBytes(StandardCharsets.UTF_8));
        }
        return this;
    }

    /** Adds length-delimited field {@code field} (bytes or an encoded message), even when empty. */
    ProtoWriter bytes(int field, byte[] value) {
        varint(((long) field << 3) | LENGTH_DELIMITED);
        varint(value.length);
        out.writeBytes(value);
        return this;
    }

    /** Adds varint field {@code field}; nothing when {@code value} is 0. */
    ProtoWriter uint(int field, long value) {
        if (value != 0) {
            varint(((long) field << 3) | VARINT);
            varint(value);
        }
        return this;
    }

    private void varint(long value) {
        long v = value;
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }

    byte[] toByteArray() {
        return out.toByteArray();
    }
}
