package io.jcadvisor.web.auth;

import io.jcadvisor.testing.Commands;

import java.util.ArrayList;
import java.util.List;

/** The real {@code curl} as the HTTP client: every response's headers, and the last status code. */
record Curl(int status, String output) {

    /** {@code curl -sS -i --path-as-is <args…> <url>}. */
    static Curl run(String url, String... args) throws Exception {
        List<String> argv = new ArrayList<>(List.of("curl", "-sS", "-i", "--path-as-is", "--max-time", "20",
                "-w", "\n%{http_code}"));
        argv.addAll(List.of(args));
        argv.add(url);
        String out = Commands.run(argv);
        int nl = out.lastIndexOf('\n');
        return new Curl(Integer.parseInt(out.substring(nl + 1).strip()), out.substring(0, nl));
    }

    /** The value of the last {@code WWW-Authenticate} header, or null. */
    String challenge() {
        return header("WWW-Authenticate");
    }

    /** The value of the last header of that name (any case), or null. */
    String header(String name) {
        String found = null;
        for (String line : output.split("\r?\n")) {
            if (line.regionMatches(true, 0, name + ":", 0, name.length() + 1)) {
                found = line.substring(name.length() + 1).strip();
            }
        }
        return found;
    }
}
