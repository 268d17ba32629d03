package io.jcadvisor.host;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class RecordStreamTest {

    /** A channel that plays back reads: a String is one record, an IOException is thrown once. */
    private static final class ScriptedChannel implements ReadableByteChannel {
        private final Deque<Object> script;
        private boolean open = true;

        ScriptedChannel(Object... steps) {
            script = new ArrayDeque<>(List.of(steps));
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            Object step = script.poll();
            if (step == null) {
                return -1;
            }
            if (step instanceof IOException e) {
                throw e;
            }
            byte[] bytes = ((String) step).getBytes(StandardCharsets.ISO_8859_1);
            dst.put(bytes);
            return bytes.length;
        }

        @Override
        public boolean isOpen() {
            return open;
        }

        @Override
        public void close() {
            open = false;
        }
    }

    @Test
    void oneReadIsOneRecordAndOverrunsAreSkipped() throws IOException {
        RecordStream s = new RecordStream(new ScriptedChannel("6,1,1,-;a\n", new IOException("Broken pipe"),
                new IOException("Broken pipe"), "6,9,2,-;b\n SUBSYSTEM=x\n"));

        assertThat(s.next()).isEqualTo("6,1,1,-;a\n");
        assertThat(s.next()).isEqualTo("6,9,2,-;b\n SUBSYSTEM=x\n");
        assertThat(s.overruns()).isEqualTo(2);
        assertThat(s.next()).isNull();
    }

    @Test
    void otherReadFailuresAreReported() throws IOException {
        RecordStream s = new RecordStream(new ScriptedChannel(new IOException("Invalid argument")));
        assertThatThrownBy(s::next).hasMessage("Invalid argument");
    }

    @Test
    void plainFilesAreReadLineByLine() throws IOException {
        RecordStream s = new RecordStream(new BufferedReader(new StringReader("6,1,1,-;a\n SUBSYSTEM=x\n6,2,2,-;b")));
        List<String> records = new ArrayList<>();
        for (String r; (r = s.next()) != null; ) {
            records.add(r);
        }
        assertThat(records).containsExactly("6,1,1,-;a", " SUBSYSTEM=x", "6,2,2,-;b");
    }

    @Test
    void missingDeviceFailsToOpen() {
        HostFs fixture = new HostFs(Path.of("src/test/resources/host/hybrid"));
        assertThatThrownBy(() -> fixture.openRecordStream("/dev/kmsg")).isInstanceOf(IOException.class);
    }

    /** Live: the real /dev/kmsg replays the ring buffer, then blocks; close() from another thread ends it. */
    @Test
    void realKmsgReplaysTheBufferAndCloseEndsABlockedRead() throws Exception {
        assumeTrue(Files.isReadable(Path.of("/dev/kmsg")), "needs a readable /dev/kmsg");
        // The ring buffer may be empty (dmesg --clear, a fresh boot's buffer rotated): write a record
        // of our own first, so the replay has one we know. Root may write to /dev/kmsg.
        String marker = "jcadv-kmsg-" + java.util.UUID.randomUUID();
        Files.writeString(Path.of("/dev/kmsg"), marker + "\n");
        RecordStream s = new HostFs(Path.of("/")).openRecordStream("/dev/kmsg");
        List<String> records = new ArrayList<>();
        Thread reader = new Thread(() -> {
            try {
                for (String r; (r = s.next()) != null; ) {
                    synchronized (records) {
                        records.add(r);
                    }
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        reader.setDaemon(true);
        reader.start();
        TimeUnit.MILLISECONDS.sleep(500);

        long started = System.nanoTime();
        s.close();
        reader.join(5000);

        assertThat(reader.isAlive()).as("reader still blocked after close").isFalse();
        System.out.printf("kmsg: %d records replayed, close ended the read in %d ms%n", records.size(),
                (System.nanoTime() - started) / 1_000_000);
        synchronized (records) {
            assertThat(records).filteredOn(r -> r.contains(marker)).singleElement()
                    .satisfies(r -> assertThat(r).matches("(?s)\\d+,\\d+,\\d+,[^;]*;" + marker + "\n"));
        }
    }
}
