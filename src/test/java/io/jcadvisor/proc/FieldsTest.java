package io.jcadvisor.proc;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class FieldsTest {

    /** What {@link Fields#split} replaced: strip, then the regular expression. */
    private static String[] regexSplit(String line) {
        String trimmed = line.strip();
        return trimmed.isEmpty() ? new String[0] : trimmed.split("\\s+");
    }

    @Test
    void splitsKernelLinesLikeTheRegex() {
        String[] lines = {
            "  eth0: 1296 16 0 0 0 0 0 0 656 8 0 0 0 0 0 0",
            "    lo:       0       0    0    0    0     0          0         0        0       0    0    0    0     0       0          0",
            "Max open files            1048576              1048576              files     ",
            "cpu  2255 34 2290 22625563 6290 127 456 0 0 0",
            "a\tb\t\tc",
            "", "   ", "\t", "x", " x ", "x\n", "a\u000Bb\fc\rd",
        };
        for (String line : lines) {
            assertThat(Fields.split(line)).as(line).containsExactly(regexSplit(line));
        }
    }

    @Test
    void agreesWithTheRegexOnRandomText() {
        // Includes what strip() removes but \s does not match (U+001C, U+2003) and what neither does (U+00A0).
        char[] alphabet = {' ', ' ', '\t', '\n', '\u000B', '\f', '\r', '\u001C', '\u2003', '\u00A0', 'a', 'b', '1', ':'};
        SplittableRandom random = new SplittableRandom(42);
        for (int round = 0; round < 20_000; round++) {
            StringBuilder line = new StringBuilder();
            int length = random.nextInt(12);
            for (int i = 0; i < length; i++) {
                line.append(alphabet[random.nextInt(alphabet.length)]);
            }
            String text = line.toString();
            assertThat(Fields.split(text)).as("%s", text.chars().boxed().toList()).containsExactly(regexSplit(text));
        }
    }
}
