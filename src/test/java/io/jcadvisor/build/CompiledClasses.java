package io.jcadvisor.build;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The agent's own compiled classes, found by walking the directory the main classes were compiled
 * into ({@code target/classes}), so no class-path scanning library is needed.
 */
final class CompiledClasses {

    private CompiledClasses() {
    }

    /** {@code target/classes}: where {@code io.jcadvisor.info.v1.MachineInfo} was loaded from. */
    static Path directory() {
        try {
            return Path.of(io.jcadvisor.info.v1.MachineInfo.class.getProtectionDomain().getCodeSource()
                    .getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every class (nested ones included) in {@code pkg} itself, not in its subpackages. */
    static List<Class<?>> inPackage(String pkg) {
        return all().stream().filter(c -> c.getPackageName().equals(pkg)).toList();
    }

    /** Every class compiled from src/main, loaded without running static initialisers. */
    static List<Class<?>> all() {
        Path root = directory();
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(p -> p.toString().endsWith(".class"))
                    .map(p -> root.relativize(p).toString())
                    .filter(name -> !name.endsWith("module-info.class") && !name.endsWith("package-info.class"))
                    .map(name -> name.substring(0, name.length() - ".class".length()).replace('/', '.'))
                    .sorted()
                    .<Class<?>>map(CompiledClasses::load)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name, false, CompiledClasses.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("compiled class not loadable: " + name, e);
        }
    }
}
