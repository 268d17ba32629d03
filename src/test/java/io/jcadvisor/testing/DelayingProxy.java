package io.jcadvisor.testing;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A unix-socket proxy in front of a real Engine API socket (dockerd's, Podman's service) that plays a
 * daemon still starting a container: it holds every {@code GET /containers/<id>/json} for an id until
 * {@code delay} after the first such request for that id, as dockerd holds an inspect until the
 * container's start is done; only ids first asked about after {@link #arm()} (the host's other
 * containers, found at the agent's start, are answered at once). Every other request ({@code /version}, {@code /info}, {@code /events},
 * listings) and every inspect after that moment passes at once. Requests are forwarded byte for byte;
 * HTTP/1.1 without pipelining (the agent's client) is assumed, request bodies are passed by their
 * {@code Content-Length}.
 *
 * <p>{@link #refuse()} plays a daemon that is down (each connection is accepted and closed at once,
 * counted), {@link #resume()} brings it back.
 */
public final class DelayingProxy implements AutoCloseable {

    private static final Pattern INSPECT = Pattern.compile("^GET /(?:v[0-9.]+/)?containers/([0-9a-f]{64})/json[ ?]");

    private final Path socket;
    private final Path upstream;
    private final Duration delay;
    private final ServerSocketChannel server;
    private final Map<String, Long> releaseAt = new ConcurrentHashMap<>();
    private final Set<String> held = ConcurrentHashMap.newKeySet();
    private final List<SocketChannel> open = new CopyOnWriteArrayList<>();
    private final AtomicInteger refusedConnections = new AtomicInteger();
    public final List<String> refusedRequests = new CopyOnWriteArrayList<>();
    private volatile boolean refusing;
    private volatile boolean armed;
    private volatile boolean closed;

    private DelayingProxy(Path socket, Path upstream, Duration delay) throws IOException {
        this.socket = socket;
        this.upstream = upstream;
        this.delay = delay;
        Files.deleteIfExists(socket);
        this.server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        Thread acceptor = new Thread(this::accept, "delaying-proxy-" + socket.getFileName());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /**
     * @param socket   where to listen (a fresh path in a temp dir)
     * @param upstream the real daemon's socket
     * @param delay    how long after the first inspect of an id its inspects are answered
     */
    public static DelayingProxy start(Path socket, Path upstream, Duration delay) throws IOException {
        return new DelayingProxy(socket, upstream, delay);
    }

    /** {@code unix://} endpoint of the proxy, for the agent's config. */
    public String endpoint() {
        return "unix://" + socket;
    }

    /** When the proxy lets inspects of {@code id} through ({@link System#nanoTime()}); empty if never asked. */
    public java.util.OptionalLong releaseTime(String id) {
        Long at = releaseAt.get(id);
        return at == null ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(at);
    }

    /** Ids whose inspect the proxy held back at least once. */
    public Set<String> heldIds() {
        return Set.copyOf(held);
    }

    /** From now on, holds the inspects of containers first asked about. */
    public void arm() {
        armed = true;
    }

    /** From now on, plays a daemon that is down: drops every open connection and closes each new one at once. */
    public void refuse() {
        refusing = true;
        for (SocketChannel channel : open) {
            closeQuietly(channel);
        }
    }

    /** Forwards again. */
    public void resume() {
        refusing = false;
    }

    /** Connections closed at once while refusing. */
    public int refusedConnections() {
        return refusedConnections.get();
    }

    private void accept() {
        while (!closed) {
            SocketChannel client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return;
            }
            if (refusing) {
                refusedConnections.incrementAndGet();
                daemon(() -> {
                    ByteBuffer b = ByteBuffer.allocate(200);
                    try {
                        client.read(b);
                        b.flip();
                        refusedRequests.add(StandardCharsets.ISO_8859_1.decode(b).toString().split("\r\n")[0]);
                    } catch (IOException e) {
                        // gone
                    }
                    closeQuietly(client);
                });
                continue;
            }
            try {
                SocketChannel daemon = SocketChannel.open(UnixDomainSocketAddress.of(upstream));
                open.add(client);
                open.add(daemon);
                daemon(() -> requests(client, daemon));
                daemon(() -> copy(daemon, client));
            } catch (IOException e) {
                closeQuietly(client);
            }
        }
    }

    private static void daemon(Runnable r) {
        Thread t = new Thread(r, "delaying-proxy-conn");
        t.setDaemon(true);
        t.start();
    }

    /** Client to daemon: request heads are parsed so that an inspect can be held back. */
    private void requests(SocketChannel client, SocketChannel daemon) {
        ByteBuffer in = ByteBuffer.allocate(1 << 16);
        StringBuilder pending = new StringBuilder();
        try {
            while (client.read(in) >= 0) {
                in.flip();
                // ISO-8859-1 keeps one char per byte, so indexes match the bytes.
                pending.append(StandardCharsets.ISO_8859_1.decode(in));
                in.clear();
                int end;
                while ((end = pending.indexOf("\r\n\r\n")) >= 0) {
                    String head = pending.substring(0, end + 4);
                    int bodyLength = contentLength(head);
                    if (pending.length() < end + 4 + bodyLength) {
                        break;
                    }
                    String request = pending.substring(0, end + 4 + bodyLength);
                    pending.delete(0, end + 4 + bodyLength);
                    holdIfInspect(head);
                    write(daemon, request.getBytes(StandardCharsets.ISO_8859_1));
                }
            }
        } catch (IOException | InterruptedException e) {
            // The connection ended (or the proxy closed it).
        } finally {
            forget(client);
            forget(daemon);
        }
    }

    private void forget(SocketChannel channel) {
        closeQuietly(channel);
        open.remove(channel);
    }

    private void holdIfInspect(String head) throws InterruptedException {
        Matcher m = INSPECT.matcher(head);
        if (!m.find()) {
            return;
        }
        long now = System.nanoTime();
        long release = releaseAt.computeIfAbsent(m.group(1), id -> armed ? now + delay.toNanos() : now);
        if (release - now > 0) {
            held.add(m.group(1));
            Thread.sleep((release - now) / 1_000_000 + 1);
        }
    }

    private static int contentLength(String head) {
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("content-length")) {
                return Integer.parseInt(line.substring(colon + 1).trim());
            }
        }
        return 0;
    }

    private void copy(SocketChannel from, SocketChannel to) {
        ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
        try {
            while (from.read(buffer) >= 0) {
                buffer.flip();
                while (buffer.hasRemaining()) {
                    to.write(buffer);
                }
                buffer.clear();
            }
        } catch (IOException e) {
            // The connection ended (or the proxy closed it).
        } finally {
            forget(from);
            forget(to);
        }
    }

    private static void write(SocketChannel to, byte[] bytes) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
            to.write(buffer);
        }
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // Closing anyway.
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
        for (SocketChannel channel : open) {
            closeQuietly(channel);
        }
        Files.deleteIfExists(socket);
    }
}
