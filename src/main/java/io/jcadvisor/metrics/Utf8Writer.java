package io.jcadvisor.metrics;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;

/**
 * An unsynchronised, buffered UTF-8 {@link Writer}. The exposition library writes label values one
 * char at a time; through {@code BufferedWriter}/{@code OutputStreamWriter} every char takes a lock,
 * which dominated the scrape's CPU time. One instance serves one response on one thread.
 * Unpaired surrogates are written as {@code ?}, like the JDK encoder's replacement.
 */
final class Utf8Writer extends Writer {

    private final OutputStream out;
    private final byte[] buffer;
    private int position;
    private char pendingHigh;

    Utf8Writer(OutputStream out, int bufferSize) {
        this.out = out;
        this.buffer = new byte[Math.max(bufferSize, 16)];
    }

    @Override
    public void write(int c) throws IOException {
        put((char) c);
    }

    @Override
    public void write(String s) throws IOException {
        write(s, 0, s.length());
    }

    @Override
    public void write(String s, int off, int len) throws IOException {
        int end = off + len;
        for (int i = off; i < end; i++) {
            char c = s.charAt(i);
            if (c < 0x80 && pendingHigh == 0) {
                if (position == buffer.length) {
                    drain();
                }
                buffer[position++] = (byte) c;
            } else {
                put(c);
            }
        }
    }

    @Override
    public void write(char[] chars, int off, int len) throws IOException {
        for (int i = off; i < off + len; i++) {
            put(chars[i]);
        }
    }

    @Override
    public Writer append(char c) throws IOException {
        put(c);
        return this;
    }

    @Override
    public Writer append(CharSequence cs) throws IOException {
        String s = String.valueOf(cs);
        write(s, 0, s.length());
        return this;
    }

    private void put(char c) throws IOException {
        if (position > buffer.length - 4) {
            drain();
        }
        if (pendingHigh != 0) {
            char high = pendingHigh;
            pendingHigh = 0;
            if (Character.isLowSurrogate(c)) {
                int cp = Character.toCodePoint(high, c);
                buffer[position++] = (byte) (0xF0 | (cp >> 18));
                buffer[position++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                buffer[position++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                buffer[position++] = (byte) (0x80 | (cp & 0x3F));
                return;
            }
            buffer[position++] = '?';
            if (position > buffer.length - 4) {
                drain();
            }
        }
        if (c < 0x80) {
            buffer[position++] = (byte) c;
        } else if (c < 0x800) {
            buffer[position++] = (byte) (0xC0 | (c >> 6));
            buffer[position++] = (byte) (0x80 | (c & 0x3F));
        } else if (Character.isHighSurrogate(c)) {
            pendingHigh = c;
        } else if (Character.isLowSurrogate(c)) {
            buffer[position++] = '?';
        } else {
            buffer[position++] = (byte) (0xE0 | (c >> 12));
            buffer[position++] = (byte) (0x80 | ((c >> 6) & 0x3F));
            buffer[position++] = (byte) (0x80 | (c & 0x3F));
        }
    }

    private void drain() throws IOException {
        if (position > 0) {
            out.write(buffer, 0, position);
            position = 0;
        }
    }

    @Override
    public void flush() throws IOException {
        if (pendingHigh != 0) {
            pendingHigh = 0;
            if (position > buffer.length - 4) {
                drain();
            }
            buffer[position++] = '?';
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
