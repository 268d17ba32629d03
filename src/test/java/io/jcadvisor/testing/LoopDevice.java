package io.jcadvisor.testing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * A real block device for live tests: a sparse file under the temp dir attached to the first free
 * loop device ({@code losetup --find --show}), so a test can make block I/O it knows the size of
 * whatever disks the machine has. {@link #close()} detaches it and deletes the file.
 */
public final class LoopDevice implements AutoCloseable {

    private final Path file;
    private final String device;

    private LoopDevice(Path file, String device) {
        this.file = file;
        this.device = device;
    }

    /** Attaches a new {@code sizeBytes} file named {@code <prefix>…} under {@code java.io.tmpdir}. */
    public static LoopDevice attach(String prefix, long sizeBytes) throws IOException {
        Path file = Files.createTempFile(prefix, ".img");
        try {
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                channel.position(sizeBytes - 1);
                channel.write(ByteBuffer.wrap(new byte[1]));
            }
            String device = Commands.run(List.of("losetup", "--find", "--show", file.toString())).trim();
            if (!device.startsWith("/dev/loop")) {
                throw new IOException("losetup printed no loop device: " + device);
            }
            return new LoopDevice(file, device);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        }
    }

    /** The device node, {@code /dev/loopN}. */
    public String path() {
        return device;
    }

    /** {@code major:minor} as the kernel writes it in {@code /sys/block/loopN/dev} and blkio files. */
    public String majorMinor() throws IOException {
        return Files.readString(Path.of("/sys/block", device.substring("/dev/".length()), "dev")).trim();
    }

    @Override
    public void close() throws IOException {
        try {
            Commands.run(List.of("losetup", "--detach", device));
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
