package io.jcadvisor.storage;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code -storage_driver=redis}: each sample as one JSON document pushed with {@code LPUSH} onto the
 * list named {@code -storage_driver_db} at {@code -storage_driver_host}, so the newest sample is at
 * the head. The document is upstream's {@code detailSpec}:
 * {@code {"timestamp": <µs since the epoch>, "machine_name": <hostname>, "container_Name": <first alias
 * or cgroup path>, "container_stats": <the v1 ContainerStats JSON, as the API writes it>}}
 * (the capital N is upstream's).
 *
 * <p>A batch goes out as pipelined {@code LPUSH} commands of at most {@value #VALUES_PER_COMMAND}
 * values each, over one TCP connection kept between batches; the RESP protocol is written here
 * (arrays of bulk strings out, one integer or error reply back per command). No authentication,
 * as upstream.
 */
final class RedisDriver implements SampleWriter {

    static final int VALUES_PER_COMMAND = 1000;
    private static final int CONNECT_TIMEOUT_MS = 5_000;
    private static final int READ_TIMEOUT_MS = 30_000;

    private final HostPort peer;
    private final String key;
    private final String machineName;
    private final ObjectMapper json;
    private Socket socket;
    private OutputStream out;
    private InputStream in;

    RedisDriver(HostPort peer, String key, String machineName, ObjectMapper json) {
        this.peer = peer;
        this.key = key;
        this.machineName = machineName;
        this.json = json;
    }

    @Override
    public void write(List<Sample> batch) throws IOException, RejectedException {
        List<byte[]> documents = new ArrayList<>(batch.size());
        for (Sample sample : batch) {
            documents.add(document(sample));
        }
        if (socket == null) {
            connect();
        }
        int commands = 0;
        for (int from = 0; from < documents.size(); from += VALUES_PER_COMMAND) {
            List<byte[]> chunk = documents.subList(from, Math.min(documents.size(), from + VALUES_PER_COMMAND));
            writeCommand(chunk);
            commands++;
        }
        out.flush();
        String error = null;
        for (int i = 0; i < commands; i++) {
            String reply = readReply();
            if (reply.startsWith("-") && error == null) {
                error = reply.substring(1);
            }
        }
        if (error != null) {
            throw new RejectedException("LPUSH " + key + ": " + error);
        }
    }

    /** The JSON document of one sample, UTF-8, fields in upstream's order. */
    byte[] document(Sample sample) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(4096);
        String name = sample.containerName();
        try (JsonGenerator gen = json.getFactory().createGenerator(bytes)) {
            gen.setCodec(json);
            gen.writeStartObject();
            Instant ts = sample.stats().timestamp();
            gen.writeNumberField("timestamp", ts.getEpochSecond() * 1_000_000L + ts.getNano() / 1_000);
            if (!machineName.isEmpty()) {
                gen.writeStringField("machine_name", machineName);
            }
            if (name != null && !name.isEmpty()) {
                gen.writeStringField("container_Name", name);
            }
            gen.writeFieldName("container_stats");
            json.writeValue(gen, sample.stats());
            gen.writeEndObject();
        } catch (JsonProcessingException e) {
            throw new IOException("cannot write sample of " + name + " as JSON", e);
        }
        return bytes.toByteArray();
    }

    private void connect() throws IOException {
        Socket s = new Socket();
        try {
            s.connect(new InetSocketAddress(peer.host(), peer.port()), CONNECT_TIMEOUT_MS);
            s.setSoTimeout(READ_TIMEOUT_MS);
            s.setTcpNoDelay(true);
        } catch (IOException e) {
            s.close();
            throw e;
        }
        socket = s;
        out = new BufferedOutputStream(s.getOutputStream(), 64 * 1024);
        in = new BufferedInputStream(s.getInputStream());
    }

    /** {@code *<n>\r\n} then each argument as {@code $<len>\r\n<bytes>\r\n}. */
    private void writeCommand(List<byte[]> values) throws IOException {
        writeAscii("*" + (values.size() + 2) + "\r\n");
        writeBulk("LPUSH".getBytes(StandardCharsets.US_ASCII));
        writeBulk(key.getBytes(StandardCharsets.UTF_8));
        for (byte[] value : values) {
            writeBulk(value);
        }
    }

    private void writeBulk(byte[] value) throws IOException {
        writeAscii("$" + value.length + "\r\n");
        out.write(value);
        writeAscii("\r\n");
    }

    private void writeAscii(String s) throws IOException {
        out.write(s.getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * One reply line: {@code :<n>} for LPUSH, {@code -<error>} for a refusal. Anything else is a
     * protocol mix-up, so the connection is not trusted any more.
     */
    private String readReply() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(32);
        int prev = -1;
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("redis at " + peer + " closed the connection");
            }
            if (prev == '\r' && b == '\n') {
                byte[] bytes = line.toByteArray();
                String reply = new String(bytes, 0, bytes.length - 1, StandardCharsets.UTF_8);
                if (reply.startsWith(":") || reply.startsWith("-")) {
                    return reply;
                }
                throw new IOException("unexpected reply from redis at " + peer + ": " + reply);
            }
            line.write(b);
            prev = b;
        }
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException e) {
                // the connection is abandoned either way; the next write opens a new one
            }
            socket = null;
            out = null;
            in = null;
        }
    }
}
