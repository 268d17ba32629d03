package io.jcadvisor.container;

import java.util.List;

/**
 * One section of the {@code /validate/} report, printed in upstream's shape:
 * {@code "<title>: <headline>\n"}, then each detail line indented by a tab, then an empty line.
 *
 * @param title    {@code Kernel version}, {@code Docker version}, …
 * @param headline the verdict token ({@link ValidateStatus#token()}) or a plain value
 *                 ({@code cAdvisor version: 0.1.0})
 * @param details  what was found and why the verdict, one line each (may be empty; a line may
 *                 start with more tabs to nest)
 */
public record ValidateResult(String title, String headline, List<String> details) {

    /** A verdict with its explanation lines. */
    public static ValidateResult of(String title, ValidateStatus status, String... details) {
        return new ValidateResult(title, status.token(), List.of(details));
    }

    /** A value line without verdict: {@code cAdvisor version: 0.1.0}. */
    public static ValidateResult value(String title, String value) {
        return new ValidateResult(title, value, List.of());
    }

    /** The section as printed. */
    public String render() {
        StringBuilder out = new StringBuilder();
        out.append(title).append(": ").append(headline).append('\n');
        for (String line : details) {
            out.append('\t').append(line).append('\n');
        }
        return out.append('\n').toString();
    }
}
