package io.jcadvisor;

import io.jcadvisor.config.UpstreamFlags;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Entry point: takes cAdvisor's own command line ({@link UpstreamFlags}) so an upstream DaemonSet's
 * {@code args} keep working, then starts Quarkus. Flags become system properties, which outrank
 * environment variables and {@code application.properties}, as a command line should.
 * Like Go's {@code flag} package, a bad command line prints the reason and usage and exits 2, and
 * {@code -h}/{@code -help} prints the usage and exits 0.
 */
@QuarkusMain
public final class Main {

    private static final String USAGE = "Usage: jcadvisor [-flag=value ...] with cAdvisor's flags; "
            + "every option and its config key is listed in the README (\"Options\").";

    Main() {
        // Quarkus instantiates the @QuarkusMain class as a bean; nothing else does
    }

    public static void main(String... args) {
        UpstreamFlags.Parsed parsed;
        try {
            parsed = UpstreamFlags.parse(Arrays.asList(args));
        } catch (UpstreamFlags.HelpRequested e) {
            System.err.println(USAGE);
            System.exit(0);
            return;
        } catch (UpstreamFlags.FlagException e) {
            System.err.println(e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        if (parsed.printVersion()) {
            System.out.println("jcadvisor version " + version());
            System.exit(0);
            return;
        }
        parsed.properties().forEach(System::setProperty);
        for (String warning : parsed.warnings()) {
            System.err.println("WARN " + warning);
        }
        Quarkus.run(List.of().toArray(String[]::new));
    }

    /** The version Maven stamped into {@code io/jcadvisor/version.txt} (registered for the native image). */
    private static String version() {
        try (InputStream in = Main.class.getResourceAsStream("/io/jcadvisor/version.txt")) {
            return in == null ? "unknown" : new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
