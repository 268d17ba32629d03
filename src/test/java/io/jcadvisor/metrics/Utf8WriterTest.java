package io.jcadvisor.metrics;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class Utf8WriterTest {

    @Test
    void encodesLikeTheJdkAcrossBufferBoundaries() throws IOException {
        Random random = new Random(42);
        String[] pieces = {"a", "é", "✓", "😀", "\n", "\"", "\\", "container_label_x=\"", "ü"};
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 20_000; i++) {
            text.append(pieces[random.nextInt(pieces.length)]);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Utf8Writer writer = new Utf8Writer(out, 17);
        String s = text.toString();
        for (int i = 0; i < s.length(); ) {
            int len = Math.min(s.length() - i, random.nextInt(40));
            if (random.nextBoolean()) {
                writer.write(s, i, len);
            } else {
                for (int j = i; j < i + len; j++) {
                    writer.append(s.charAt(j));
                }
            }
            i += len;
        }
        writer.flush();
        assertThat(out.toByteArray()).isEqualTo(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void unpairedSurrogatesBecomeQuestionMarks() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Utf8Writer writer = new Utf8Writer(out, 64);
        writer.write("a\uD83Db\uDE00c\uD83D");
        writer.flush();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("a?b?c?");
    }

    @Test
    void surrogatePairSplitAcrossTheCharBufferStaysOneCodePoint() throws IOException {
        for (int before = 8185; before <= 8195; before++) {
            String s = "a".repeat(before) + "\uD83D\uDE00" + "z";
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Utf8Writer writer = new Utf8Writer(out, 16);
            char[] chars = s.toCharArray();
            writer.write(chars, 0, before + 1);
            writer.append(chars[before + 1]);
            writer.write(s, before + 2, 1);
            writer.flush();
            assertThat(out.toByteArray()).as("split after %d chars", before)
                    .isEqualTo(s.getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void highSurrogateAtTheVeryEndBecomesAQuestionMark() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Utf8Writer writer = new Utf8Writer(out, 16);
        writer.write("x".repeat(8191) + "\uD83D");
        writer.flush();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("x".repeat(8191) + "?");
    }
}
