package io.jcadvisor.build;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one-seam rule: only {@code io.jcadvisor.host} touches the host by absolute path, so
 * {@code cadvisor.host.root} (the DaemonSet's {@code /rootfs}) applies to every read; and nothing
 * uses JNA or JNI, so the native image needs no native libraries. Checked on the source text,
 * comments excluded.
 */
class HostSeamTest {

    private static final String SEAM = "io.jcadvisor.host";

    /** A file API given an absolute path literal: {@code Path.of("/proc/…")}, {@code new File("/sys…")}. */
    private static final Pattern ABSOLUTE_PATH = Pattern.compile(
            "\\b(Path\\.of|Paths\\.get|new\\s+File|new\\s+FileInputStream|new\\s+FileReader|new\\s+RandomAccessFile"
                    + "|FileSystems\\.getDefault\\(\\)\\.getPath)\\s*\\(\\s*\"/");

    private static final Pattern NATIVE_CODE = Pattern.compile(
            "\\bcom\\.sun\\.jna\\b|\\bSystem\\.load(Library)?\\s*\\(|\\bRuntime\\.getRuntime\\(\\)\\.load"
                    + "|\\bnative\\s+[\\w<>\\[\\], ?]+\\s+\\w+\\s*\\(");

    @Test
    void onlyTheHostPackageOpensAbsoluteHostPaths() throws IOException {
        assertThat(violations(ABSOLUTE_PATH, false)).as("absolute host paths outside " + SEAM).isEmpty();
    }

    @Test
    void noSourceUsesJnaOrJni() throws IOException {
        assertThat(violations(NATIVE_CODE, true)).as("JNA/JNI uses").isEmpty();
    }

    @Test
    void patternsCatchWhatTheyAreFor() {
        // Guards the patterns: the checks above pass vacuously if these stop matching.
        assertThat(ABSOLUTE_PATH.matcher("var p = Path.of(\"/proc/meminfo\");").find()).isTrue();
        assertThat(ABSOLUTE_PATH.matcher("Paths.get( \"/sys/fs/cgroup\")").find()).isTrue();
        assertThat(ABSOLUTE_PATH.matcher("hostFs.readLines(\"/proc/meminfo\")").find()).isFalse();
        assertThat(ABSOLUTE_PATH.matcher("Path.of(config.host().root())").find()).isFalse();
        assertThat(NATIVE_CODE.matcher("import com.sun.jna.Native;").find()).isTrue();
        assertThat(NATIVE_CODE.matcher("private static native int statfs(String path, long[] out);").find())
                .isTrue();
        assertThat(NATIVE_CODE.matcher("System.loadLibrary(\"c\")").find()).isTrue();
        assertThat(NATIVE_CODE.matcher("// needs Vert.x's native transport (epoll)").find()).isFalse();
        assertThat(SourceFiles.code("int a; // Path.of(\"/proc\")\n/* Paths.get(\"/sys\") */ String s = \"//x\";"))
                .isEqualTo("int a; \n String s = \"//x\";");
    }

    private static List<String> violations(Pattern pattern, boolean everywhere) throws IOException {
        List<SourceFiles.Source> sources = SourceFiles.main();
        assertThat(sources).as("sources under src/main/java").hasSizeGreaterThan(50);
        List<String> out = new ArrayList<>();
        for (SourceFiles.Source source : sources) {
            if (!everywhere && (source.packageDir().equals(SEAM) || source.packageDir().startsWith(SEAM + "."))) {
                continue;
            }
            String[] lines = SourceFiles.code(source.text()).split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                Matcher m = pattern.matcher(lines[i]);
                if (m.find()) {
                    out.add(source.relativePath() + ":" + (i + 1) + ": " + lines[i].trim());
                }
            }
        }
        return out;
    }
}
