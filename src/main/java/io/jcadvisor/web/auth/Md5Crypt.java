package io.jcadvisor.web.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The MD5-based crypt of FreeBSD ({@code $1$}) and its Apache variant ({@code $apr1$}, what
 * {@code htpasswd -m} writes): the same 1000 MD5 rounds, only the magic string differs. Written from
 * the algorithm's description (PHK's md5crypt); the output is {@code <magic><salt>$<22 chars>} in
 * crypt's base-64 alphabet.
 */
final class Md5Crypt {

    private static final String ALPHABET = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    /** The hash bytes in the order the encoding takes them, three at a time (the last alone). */
    private static final int[][] GROUPS = {{0, 6, 12}, {1, 7, 13}, {2, 8, 14}, {3, 9, 15}, {4, 10, 5}};

    private Md5Crypt() {
    }

    /**
     * Hashes {@code password} with {@code magic} ({@code $1$} or {@code $apr1$}) and {@code salt}
     * (at most 8 characters are used, up to the first {@code $}).
     */
    static String crypt(byte[] password, String magic, String salt) {
        String s = salt;
        int dollar = s.indexOf('$');
        if (dollar >= 0) {
            s = s.substring(0, dollar);
        }
        if (s.length() > 8) {
            s = s.substring(0, 8);
        }
        byte[] saltBytes = s.getBytes(StandardCharsets.UTF_8);
        byte[] magicBytes = magic.getBytes(StandardCharsets.UTF_8);

        MessageDigest alternate = md5();
        alternate.update(password);
        alternate.update(saltBytes);
        alternate.update(password);
        byte[] alt = alternate.digest();

        MessageDigest ctx = md5();
        ctx.update(password);
        ctx.update(magicBytes);
        ctx.update(saltBytes);
        for (int left = password.length; left > 0; left -= 16) {
            ctx.update(alt, 0, Math.min(left, 16));
        }
        // The original's quirk: a zero byte for each set bit of the length, the first password byte
        // for each clear bit.
        for (int bits = password.length; bits != 0; bits >>>= 1) {
            if ((bits & 1) != 0) {
                ctx.update((byte) 0);
            } else {
                ctx.update(password.length > 0 ? password[0] : 0);
            }
        }
        byte[] result = ctx.digest();

        for (int round = 0; round < 1000; round++) {
            MessageDigest r = md5();
            if ((round & 1) != 0) {
                r.update(password);
            } else {
                r.update(result);
            }
            if (round % 3 != 0) {
                r.update(saltBytes);
            }
            if (round % 7 != 0) {
                r.update(password);
            }
            if ((round & 1) != 0) {
                r.update(result);
            } else {
                r.update(password);
            }
            result = r.digest();
        }

        StringBuilder out = new StringBuilder(magic).append(s).append('$');
        for (int[] g : GROUPS) {
            encode(out, (result[g[0]] & 0xff) << 16 | (result[g[1]] & 0xff) << 8 | result[g[2]] & 0xff, 4);
        }
        encode(out, result[11] & 0xff, 2);
        return out.toString();
    }

    private static void encode(StringBuilder out, int value, int chars) {
        int v = value;
        for (int i = 0; i < chars; i++) {
            out.append(ALPHABET.charAt(v & 0x3f));
            v >>>= 6;
        }
    }

    static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has MD5", e);
        }
    }
}
