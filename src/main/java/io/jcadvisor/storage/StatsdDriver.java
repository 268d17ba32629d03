package io.jcadvisor.storage;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * {@code -storage_driver=statsd}: every value of {@link StatsSeries} as a statsd gauge over UDP to
 * {@code -storage_driver_host}, one datagram each, named
 * {@code <storage_driver_db>.<container>.<key>:<uint64>|g} (upstream's format, container being the
 * first alias or the cgroup path, slashes included).
 *
 * <p>UDP says nothing about a dead peer except, on loopback, an ICMP "port unreachable" that makes
 * a later send fail; that failure counts as an unreachable peer like any other, and the retried
 * batch may repeat gauges already sent, which a gauge shrugs off.
 */
final class StatsdDriver implements SampleWriter {

    private final HostPort peer;
    private final String namespace;
    private DatagramChannel channel;

    StatsdDriver(HostPort peer, String namespace) {
        this.peer = peer;
        this.namespace = namespace;
    }

    @Override
    public void write(List<Sample> batch) throws IOException {
        if (channel == null) {
            channel = DatagramChannel.open();
            channel.connect(new InetSocketAddress(peer.host(), peer.port()));
        }
        for (Sample sample : batch) {
            String prefix = namespace + "." + sample.containerName() + ".";
            for (Map.Entry<String, Long> e : StatsSeries.of(sample.stats(), "cpu_load_average").entrySet()) {
                String gauge = prefix + e.getKey() + ":" + Long.toUnsignedString(e.getValue()) + "|g";
                channel.write(ByteBuffer.wrap(gauge.getBytes(StandardCharsets.UTF_8)));
            }
        }
    }

    @Override
    public void close() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // nothing to flush on a datagram channel; the next write opens a new one
            }
            channel = null;
        }
    }
}
