package io.jcadvisor.container.containerd;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A unix-socket proxy in front of containerd's gRPC socket that plays a daemon slow about one new
 * container: it reads the HTTP/2 frames both ways, and a request whose message names a 64-hex
 * container id ({@code Containers/Get}, {@code Tasks/Get}) has its answer's frames held until
 * {@code delay} after the first request naming that id (ids first named after {@link #arm()}: the
 * namespace's older containers answer at once); every other stream ({@code Version},
 * {@code Events/Subscribe}) and every later request passes at once.
 *
 * <p>Reordering answers between streams is safe only without HPACK's dynamic table (a later header
 * block could refer to an entry an earlier, held one adds): the proxy adds
 * {@code SETTINGS_HEADER_TABLE_SIZE = 0} to the client's first SETTINGS frame, so containerd encodes
 * every header block on its own. Frames are otherwise forwarded unchanged.
 */
final class GrpcDelayingProxy implements AutoCloseable {

    private static final int PREFACE_BYTES = 24;
    private static final int DATA = 0x0;
    private static final int SETTINGS = 0x4;
    private static final int ACK = 0x1;
    private static final int HEADER_TABLE_SIZE = 0x1;
    private static final Pattern ID = Pattern.compile("[0-9a-f]{64}");

    private final Path socket;
    private final Path upstream;
    private final Duration delay;
    private final ServerSocketChannel server;
    private final Map<String, Long> releaseAt = new ConcurrentHashMap<>();
    private final Set<String> held = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService releases = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "grpc-delaying-proxy-release");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean closed;
    private volatile boolean armed;

    /** From now on, holds the answers about containers first asked about. */
    void arm() {
        armed = true;
    }

    GrpcDelayingProxy(Path socket, Path upstream, Duration delay) throws IOException {
        this.socket = socket;
        this.upstream = upstream;
        this.delay = delay;
        Files.deleteIfExists(socket);
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        thread(this::accept);
    }

    /** Ids whose answers were held at least once. */
    Set<String> heldIds() {
        return Set.copyOf(held);
    }

    /** When answers about {@code id} pass ({@link System#nanoTime()}); empty if never asked. */
    OptionalLong releaseTime(String id) {
        Long at = releaseAt.get(id);
        return at == null ? OptionalLong.empty() : OptionalLong.of(at);
    }

    private static void thread(Runnable r) {
        Thread t = new Thread(r, "grpc-delaying-proxy");
        t.setDaemon(true);
        t.start();
    }

    private void accept() {
        while (!closed) {
            try {
                SocketChannel client = server.accept();
                SocketChannel daemon = SocketChannel.open(UnixDomainSocketAddress.of(upstream));
                Connection c = new Connection(client, daemon);
                thread(c::clientToDaemon);
                thread(c::daemonToClient);
            } catch (IOException e) {
                return;
            }
        }
    }

    /** One client connection and its daemon connection. */
    private final class Connection {
        private final SocketChannel client;
        private final SocketChannel daemon;
        /** Streams whose answer is held, with when it passes; their frames queue here until then. */
        private final Map<Integer, Long> heldStreams = new ConcurrentHashMap<>();
        private final Map<Integer, List<byte[]>> queued = new ConcurrentHashMap<>();

        Connection(SocketChannel client, SocketChannel daemon) {
            this.client = client;
            this.daemon = daemon;
        }

        void clientToDaemon() {
            // Plain channel reads and writes: Channels' streams share one lock per channel, so a write to
            // the client would wait for the thread blocked reading it.
            try {
                byte[] preface = new byte[PREFACE_BYTES];
                readFully(client, preface, 0, PREFACE_BYTES);
                writeAll(daemon, preface);
                boolean settingsSeen = false;
                while (true) {
                    byte[] frame = readFrame(client);
                    int type = frame[3] & 0xff;
                    int flags = frame[4] & 0xff;
                    int stream = streamId(frame);
                    if (type == SETTINGS && (flags & ACK) == 0 && !settingsSeen) {
                        settingsSeen = true;
                        frame = withHeaderTableSizeZero(frame);
                    } else if (type == DATA) {
                        Matcher m = ID.matcher(new String(frame, 9, frame.length - 9, StandardCharsets.ISO_8859_1));
                        if (m.find()) {
                            long now = System.nanoTime();
                            long release = releaseAt.computeIfAbsent(m.group(),
                                    id -> armed ? now + delay.toNanos() : now);
                            if (release - now > 0) {
                                held.add(m.group());
                                heldStreams.put(stream, release);
                            }
                        }
                    }
                    writeAll(daemon, frame);
                }
            } catch (IOException e) {
                // Either side ended.
            } finally {
                closeBoth();
            }
        }

        void daemonToClient() {
            try {
                while (true) {
                    byte[] frame = readFrame(daemon);
                    int stream = streamId(frame);
                    synchronized (this) {
                        Long release = heldStreams.get(stream);
                        if (release != null) {
                            List<byte[]> queue = queued.computeIfAbsent(stream, s -> new ArrayList<>());
                            if (queue.isEmpty()) {
                                long wait = Math.max(0, release - System.nanoTime());
                                releases.schedule(() -> release(stream), wait, TimeUnit.NANOSECONDS);
                            }
                            queue.add(frame);
                            continue;
                        }
                        writeAll(client, frame);
                    }
                }
            } catch (IOException e) {
                // Either side ended.
            } finally {
                closeBoth();
            }
        }

        private synchronized void release(int stream) {
            heldStreams.remove(stream);
            List<byte[]> queue = queued.remove(stream);
            try {
                for (byte[] frame : queue) {
                    writeAll(client, frame);
                }
            } catch (IOException e) {
                closeBoth();
            }
        }

        private void closeBoth() {
            try {
                client.close();
                daemon.close();
            } catch (IOException e) {
                // Closing anyway.
            }
        }
    }

    /** One frame: its 9-byte header and payload. */
    private static byte[] readFrame(SocketChannel in) throws IOException {
        byte[] header = new byte[9];
        readFully(in, header, 0, 9);
        int length = ((header[0] & 0xff) << 16) | ((header[1] & 0xff) << 8) | (header[2] & 0xff);
        byte[] frame = new byte[9 + length];
        System.arraycopy(header, 0, frame, 0, 9);
        readFully(in, frame, 9, length);
        return frame;
    }

    private static void readFully(SocketChannel in, byte[] into, int offset, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(into, offset, length);
        while (buffer.hasRemaining()) {
            if (in.read(buffer) < 0) {
                throw new EOFException();
            }
        }
    }

    private static void writeAll(SocketChannel out, byte[] bytes) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
            out.write(buffer);
        }
    }

    private static int streamId(byte[] frame) {
        return ((frame[5] & 0x7f) << 24) | ((frame[6] & 0xff) << 16) | ((frame[7] & 0xff) << 8) | (frame[8] & 0xff);
    }

    /** The SETTINGS frame with one more setting: HEADER_TABLE_SIZE 0 (a later one wins, RFC 9113 §6.5). */
    private static byte[] withHeaderTableSizeZero(byte[] frame) {
        int length = frame.length - 9 + 6;
        byte[] out = new byte[9 + length];
        System.arraycopy(frame, 0, out, 0, frame.length);
        out[0] = (byte) (length >>> 16);
        out[1] = (byte) (length >>> 8);
        out[2] = (byte) length;
        out[frame.length] = 0;
        out[frame.length + 1] = HEADER_TABLE_SIZE;
        // value 0: the remaining four bytes stay zero
        return out;
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
        releases.shutdownNow();
        Files.deleteIfExists(socket);
    }

    /** Starts the proxy before the agent boots and points {@code cadvisor.runtimes.containerd.endpoint} at it. */
    public static class Resource implements QuarkusTestResourceLifecycleManager {

        /** Init argument: the socket of the daemon behind the proxy. */
        static final String UPSTREAM = "upstream";
        static volatile GrpcDelayingProxy current;
        private Path dir;
        private Path upstream;

        @Override
        public void init(Map<String, String> initArgs) {
            upstream = Path.of(initArgs.get(UPSTREAM));
        }

        @Override
        public Map<String, String> start() {
            try {
                dir = Files.createTempDirectory("race-grpc-proxy-");
                current = new GrpcDelayingProxy(dir.resolve("containerd.sock"), upstream,
                        ContainerdStartRaceLiveTest.DELAY);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return Map.of("cadvisor.runtimes.containerd.endpoint", dir.resolve("containerd.sock").toString());
        }

        @Override
        public void stop() {
            try {
                current.close();
                Files.deleteIfExists(dir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
