package io.jcadvisor.build;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The project's own files, located from the compiled classes ({@code <project>/target/classes}). */
final class SourceFiles {

    /** One Java source file: its path relative to the project and its text. */
    record Source(String relativePath, String packageDir, String text) {
    }

    private SourceFiles() {
    }

    static Path project() {
        return CompiledClasses.directory().getParent().getParent();
    }

    /** Every {@code .java} file under src/main/java. */
    static List<Source> main() throws IOException {
        Path root = project().resolve("src/main/java");
        List<Source> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                String pkg = root.relativize(p.getParent()).toString().replace('/', '.');
                out.add(new Source(project().relativize(p).toString(), pkg, Files.readString(p)));
            }
        }
        return out;
    }

    /**
     * The text with comments blanked out (string literals kept), so Javadoc that names
     * {@code /proc/meminfo} does not count as code. Line breaks are kept, so line numbers hold.
     */
    static String code(String text) {
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            char next = i + 1 < text.length() ? text.charAt(i + 1) : 0;
            if (c == '/' && next == '/') {
                while (i < text.length() && text.charAt(i) != '\n') {
                    i++;
                }
            } else if (c == '/' && next == '*') {
                int end = text.indexOf("*/", i + 2);
                end = end < 0 ? text.length() : end + 2;
                for (; i < end; i++) {
                    if (text.charAt(i) == '\n') {
                        out.append('\n');
                    }
                }
            } else if (c == '"' || c == '\'') {
                int start = i++;
                while (i < text.length() && text.charAt(i) != c && text.charAt(i) != '\n') {
                    i += text.charAt(i) == '\\' ? 2 : 1;
                }
                i = Math.min(i + 1, text.length());
                out.append(text, start, i);
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }
}
