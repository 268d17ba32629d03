package io.jcadvisor.host;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The few writes HostFs allows (resctrl groups), on a plain directory as host root. */
class HostFsWriteTest {

    @TempDir
    Path root;

    @Test
    void mkdirAppendAndRmdirStayUnderTheRoot() throws IOException {
        HostFs fs = new HostFs(root);
        Files.createDirectories(root.resolve("sys/fs/resctrl/mon_groups"));
        assertThat(fs.createDirectory("/sys/fs/resctrl/mon_groups/g")).isTrue();
        assertThat(fs.createDirectory("/sys/fs/resctrl/mon_groups/g")).as("exists already").isFalse();
        assertThatThrownBy(() -> fs.createDirectory("/missing/parent/g")).isInstanceOf(NoSuchFileException.class);

        fs.appendLine("/sys/fs/resctrl/mon_groups/g/tasks", "133");
        fs.appendLine("/sys/fs/resctrl/mon_groups/g/tasks", "134");
        assertThat(Files.readString(root.resolve("sys/fs/resctrl/mon_groups/g/tasks"))).isEqualTo("133\n134\n");

        Files.createDirectories(root.resolve("sys/fs/resctrl/mon_groups/g/mon_data/mon_L3_00"));
        Files.writeString(root.resolve("sys/fs/resctrl/mon_groups/g/mon_data/mon_L3_00/llc_occupancy"), "0\n");
        assertThat(fs.removeDirectory("/sys/fs/resctrl/mon_groups/g")).isTrue();
        assertThat(root.resolve("sys/fs/resctrl/mon_groups/g")).doesNotExist();
        assertThat(fs.removeDirectory("/sys/fs/resctrl/mon_groups/g")).isFalse();
        assertThat(root.resolve("sys/fs/resctrl/mon_groups")).isDirectory();
    }

    @Test
    void writesNeverLeaveTheRoot() {
        HostFs fs = new HostFs(root.resolve("host"));
        assertThatThrownBy(() -> fs.createDirectory("/../escape")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> fs.appendLine("/../escape", "1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> fs.removeDirectory("/")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> fs.removeDirectory("/..")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> fs.removeDirectory("/sys/fs/resctrl/../../../var"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(root.resolve("escape")).doesNotExist();
    }

    @Test
    void removalIsOnlyForKernelPseudoFilesystems() throws Exception {
        HostFs fs = new HostFs(root.resolve("host"));
        Files.createDirectories(root.resolve("host/var/lib/data"));
        Files.writeString(root.resolve("host/var/lib/data/keep"), "x");
        assertThatThrownBy(() -> fs.removeDirectory("/var/lib/data")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not under /sys/fs/");
        assertThat(root.resolve("host/var/lib/data/keep")).exists();
    }
}
