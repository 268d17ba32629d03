package io.jcadvisor.container.containerd;

import java.nio.charset.StandardCharsets;

/**
 * Walks the fields of one encoded protobuf message: {@link #next()} moves to the next field, then
 * the caller reads it with the accessor matching its declared type, or leaves it (fields not read
 * are skipped by the next {@link #next()}). Unknown fields are therefore ignored, as protobuf
 * requires for compatibility with newer daemons. Truncated or garbled input throws
 * {@link MalformedMessageException}, never an index error.
 */
final class ProtoReader {

    /** Input that is not a well-formed protobuf message. */
    static final class MalformedMessageException extends RuntimeException {
        MalformedMessageException(String message) {
            super(message);
        }
    }

    /** Largest field number protobuf allows (2^29 - 1). */
    private static final long MAX_FIELD = (1L << 29) - 1;

    private final byte[] buf;
    private final int end;
    private int pos;
    private int field;
    private int wireType;
    /** Where the current field's value starts, and whether it has been consumed. */
    private int valueStart;
    private boolean consumed = true;

    ProtoReader(byte[] buf) {
        this(buf, 0, buf.length);
    }

    private ProtoReader(byte[] buf, int start, int end) {
        this.buf = buf;
        this.pos = start;
        this.end = end;
    }

    /** Moves to the next field; false at the end of the message. */
    boolean next() {
        if (!consumed) {
            skip();
        }
        if (pos >= end) {
            return false;
        }
        long key = readVarint();
        if (key >>> 3 <= 0 || key >>> 3 > MAX_FIELD) {
            throw new MalformedMessageException("field number " + Long.toUnsignedString(key >>> 3));
        }
        field = (int) (key >>> 3);
        wireType = (int) (key & 7);
        valueStart = pos;
        consumed = false;
        return true;
    }

    /** The current field's number. */
    int field() {
        return field;
    }

    /** The current field's wire type (0 varint, 1 fixed64, 2 length-delimited, 5 fixed32). */
    int wireType() {
        return wireType;
    }

    /** The current field as an unsigned varint ({@code uint32}, {@code uint64}, {@code int64}, enums). */
    long varint() {
        expect(ProtoWriter.VARINT);
        consumed = true;
        return readVarint();
    }

    /** The current field as UTF-8 text. */
    String string() {
        int length = lengthDelimited();
        return new String(buf, pos - length, length, StandardCharsets.UTF_8);
    }

    /** The current field as bytes. */
    byte[] bytes() {
        int length = lengthDelimited();
        byte[] value = new byte[length];
        System.arraycopy(buf, pos - length, value, 0, length);
        return value;
    }

    /** The current field as an embedded message. */
    ProtoReader message() {
        int length = lengthDelimited();
        return new ProtoReader(buf, pos - length, pos);
    }

    private int lengthDelimited() {
        expect(ProtoWriter.LENGTH_DELIMITED);
        long length = readVarint();
        if (length < 0 || length > end - pos) {
            throw new MalformedMessageException("field " + field + ": length " + length + " beyond the message");
        }
        pos += (int) length;
        consumed = true;
        return (int) length;
    }

    private void expect(int type) {
        if (consumed || wireType != type) {
            throw new MalformedMessageException("field " + field + ": wire type " + wireType + ", expected " + type);
        }
        pos = valueStart;
    }

    private void skip() {
        pos = valueStart;
        switch (wireType) {
            case 0 -> readVarint();
            case 1 -> advance(8);
            case 2 -> {
                long length = readVarint();
                if (length < 0 || length > end - pos) {
                    throw new MalformedMessageException("field " + field + ": length " + length + " beyond the message");
                }
                advance((int) length);
            }
            case 5 -> advance(4);
            default -> throw new MalformedMessageException("field " + field + ": unsupported wire type " + wireType);
        }
        consumed = true;
    }

    private void advance(int n) {
        if (n > end - pos) {
            throw new MalformedMessageException("truncated message");
        }
        pos += n;
    }

    private long readVarint() {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos >= end) {
                throw new MalformedMessageException("truncated varint");
            }
            byte b = buf[pos++];
            value |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new MalformedMessageException("varint longer than 10 bytes");
    }
}
