package io.jcadvisor.metrics;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;

/**
 * An unsynchronised, buffered UTF-8 {@link Writer}. The exposition library writes label values one
 * char at a time; through {@code BufferedWriter}/{@code OutputStreamWriter} every char takes a lock,
 * which dominated the scrape's CPU time. Here a char costs one array store: chars collect in a char
 * buffer and are encoded in bulk, with a fast path for ASCII (nearly all of an exposition).
 * One instance serves one response on one thread.
 * Unpaired surrogates are written as {@code ?}, like the JDK encoder's replacement.
 */
final class Utf8Writer extends Writer {

    private static final int CHARS = 8192;

    private final OutputStream out;
    private final char[] chars = new char[CHARS];
    private final byte[] bytes;
    private int charCount;
    private int byteCount;
    /** A high surrogate that ended the previous chunk, waiting for its low half. */
    private char pendingHigh;

    Utf8Writer(OutputStream out, int bufferSize) {
        this.out = out;
        this.bytes = new byte[Math.max(bufferSize, CHARS * 3 + 4)];
    }

    @Override
    public void write(int c) throws IOException {
        append((char) c);
    }

    @Override
    public void write(String s) throws IOException {
        write(s, 0, s.length());
    }

    @Override
    public void write(String s, int off, int len) throws IOException {
        int end = off + len;
        while (off < end) {
            if (charCount == CHARS) {
                encode();
            }
            int n = Math.min(end - off, CHARS - charCount);
            s.getChars(off, off + n, chars, charCount);
            charCount += n;
            off += n;
        }
    }

    @Override
    public void write(char[] source, int off, int len) throws IOException {
        int end = off + len;
        while (off < end) {
            if (charCount == CHARS) {
                encode();
            }
            int n = Math.min(end - off, CHARS - charCount);
            System.arraycopy(source, off, chars, charCount, n);
            charCount += n;
            off += n;
        }
    }

    @Override
    public Writer append(char c) throws IOException {
        if (charCount == CHARS) {
            encode();
        }
        chars[charCount++] = c;
        return this;
    }

    @Override
    public Writer append(CharSequence cs) throws IOException {
        String s = String.valueOf(cs);
        write(s, 0, s.length());
        return this;
    }

    /** Encodes the char buffer into the byte buffer, draining that first when it lacks room. */
    private void encode() throws IOException {
        if (byteCount + charCount * 3 + 4 > bytes.length) {
            drain();
        }
        int p = byteCount;
        byte[] b = bytes;
        int i = 0;
        if (pendingHigh != 0 && charCount > 0) {
            char high = pendingHigh;
            pendingHigh = 0;
            if (Character.isLowSurrogate(chars[0])) {
                p = putCodePoint(b, p, Character.toCodePoint(high, chars[0]));
                i = 1;
            } else {
                b[p++] = '?';
            }
        }
        for (; i < charCount; i++) {
            char c = chars[i];
            if (c < 0x80) {
                b[p++] = (byte) c;
            } else if (c < 0x800) {
                b[p++] = (byte) (0xC0 | (c >> 6));
                b[p++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isHighSurrogate(c)) {
                if (i + 1 == charCount) {
                    pendingHigh = c;
                } else if (Character.isLowSurrogate(chars[i + 1])) {
                    p = putCodePoint(b, p, Character.toCodePoint(c, chars[++i]));
                } else {
                    b[p++] = '?';
                }
            } else if (Character.isLowSurrogate(c)) {
                b[p++] = '?';
            } else {
                b[p++] = (byte) (0xE0 | (c >> 12));
                b[p++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                b[p++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        charCount = 0;
        byteCount = p;
    }

    private static int putCodePoint(byte[] b, int p, int cp) {
        b[p++] = (byte) (0xF0 | (cp >> 18));
        b[p++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
        b[p++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
        b[p++] = (byte) (0x80 | (cp & 0x3F));
        return p;
    }

    private void drain() throws IOException {
        if (byteCount > 0) {
            out.write(bytes, 0, byteCount);
            byteCount = 0;
        }
    }

    @Override
    public void flush() throws IOException {
        encode();
        if (pendingHigh != 0) {
            pendingHigh = 0;
            if (byteCount == bytes.length) {
                drain();
            }
            bytes[byteCount++] = '?';
        }
        drain();
        out.flush();
    }

    @Override
    public void close() throws IOException {
        flush();
        out.close();
    }
}
