package io.jcadvisor.storage;

import io.jcadvisor.testing.Await;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Against a real UDP socket on loopback, as a statsd daemon would listen. */
class StatsdDriverTest {

    @Test
    void everyValueArrivesAsOneGaugeDatagram() throws Exception {
        try (DatagramSocket statsd = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            statsd.setSoTimeout(5_000);
            StatsdDriver writer = new StatsdDriver(new HostPort("127.0.0.1", statsd.getLocalPort()), "cadvisor");
            writer.write(List.of(StorageSamples.docker(0)));
            writer.close();
            int expected = StatsSeries.of(StorageSamples.docker(0).stats(), "cpu_load_average").size();
            List<String> gauges = receive(statsd, expected);
            assertThat(gauges).hasSize(expected).contains(
                    "cadvisor.web.cpu_usage_total:1000000|g",
                    "cadvisor.web.cpu_cumulative_usage:1000000|g",
                    "cadvisor.web.cpu_usage_per_cpu.1:400|g",
                    "cadvisor.web.cpu_load_average:3|g",
                    "cadvisor.web.memory_working_set:4096|g",
                    "cadvisor.web.memory_failure.hierarchical.pgmajfault:22|g",
                    "cadvisor.web./dev/sda1.fs_usage:250000|g",
                    "cadvisor.web.hugetlb_failcnt.2MB:6|g",
                    "cadvisor.web.rx_bytes:5000|g");
        }
    }

    @Test
    void aClosedPortCountsAsDownAndAReboundOneGetsTheNextSamples() throws Exception {
        InetSocketAddress address;
        try (DatagramSocket first = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            address = (InetSocketAddress) first.getLocalSocketAddress();
        }
        QueuedDriver driver = new QueuedDriver("statsd", new StatsdDriver(new HostPort("127.0.0.1",
                address.getPort()), "cadvisor"), 100, Duration.ZERO, Duration.ofMillis(50));
        try {
            // nobody listens: loopback answers with ICMP port unreachable, which fails a later send
            Await.until(Duration.ofSeconds(10), () -> {
                driver.add(StorageSamples.docker(0));
                return driver.failedWrites() > 0;
            });
            try (DatagramSocket statsd = new DatagramSocket(address)) {
                statsd.setSoTimeout(5_000);
                long before = driver.written();
                Await.until(Duration.ofSeconds(10), () -> driver.written() > before);
                driver.add(StorageSamples.docker(1));
                assertThat(receive(statsd, 1)).first().asString().startsWith("cadvisor.web.");
            }
        } finally {
            driver.close();
        }
    }

    private static List<String> receive(DatagramSocket socket, int count) throws IOException {
        List<String> got = new ArrayList<>();
        byte[] buf = new byte[2048];
        try {
            while (got.size() < count) {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                socket.receive(p);
                got.add(new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8));
            }
        } catch (SocketTimeoutException e) {
            // fewer than expected: the size assertion says how many
        }
        return got;
    }
}
