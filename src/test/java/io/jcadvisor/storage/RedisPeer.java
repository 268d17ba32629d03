package io.jcadvisor.storage;

import io.jcadvisor.testing.Commands;
import io.jcadvisor.testing.LocalServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A real {@code redis-server} on a free loopback port, with no persistence, for the storage tests;
 * {@link #stop()} and {@link #start()} again on the same port simulate an outage.
 */
final class RedisPeer extends LocalServer {

    final int port;

    private RedisPeer(int port, Path dir) {
        super("redis-server", dir);
        this.port = port;
    }

    static RedisPeer start(String prefix) throws IOException {
        RedisPeer peer = new RedisPeer(freePort(), Files.createTempDirectory(prefix));
        peer.start();
        return peer;
    }

    @Override
    protected List<String> command() {
        return List.of("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1", "--save", "",
                "--appendonly", "no", "--dir", dir.toString());
    }

    @Override
    protected boolean answers() {
        return answers(port);
    }

    String hostPort() {
        return "127.0.0.1:" + port;
    }

    /** The list at {@code key}, head (newest) first, through {@code redis-cli}. */
    List<String> lrange(String key) throws IOException {
        // one element a line: the JSON documents hold no newline
        String out = Commands.run(List.of("redis-cli", "-h", "127.0.0.1", "-p", Integer.toString(port), "--raw",
                "LRANGE", key, "0", "-1"));
        List<String> items = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (!line.isBlank()) {
                items.add(line);
            }
        }
        return items;
    }

    void del(String key) throws IOException {
        Commands.run(List.of("redis-cli", "-h", "127.0.0.1", "-p", Integer.toString(port), "DEL", key));
    }

    long llen(String key) throws IOException {
        return Long.parseLong(Commands.run(List.of("redis-cli", "-h", "127.0.0.1", "-p", Integer.toString(port),
                "LLEN", key)).strip());
    }

    static boolean answers(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            s.getOutputStream().write("PING\r\n".getBytes());
            s.setSoTimeout(1000);
            byte[] buf = new byte[7];
            int n = s.getInputStream().read(buf);
            return n > 0 && new String(buf, 0, n).startsWith("+PONG");
        } catch (IOException e) {
            return false;
        }
    }
}
