package io.jcadvisor.web.auth;

import io.quarkus.elytron.security.common.BcryptUtil;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * An htpasswd file ({@code user:hash} lines), as upstream's library (abbot/go-http-auth) reads it
 * for {@code -http_auth_file}: bcrypt ({@code $2a$}, {@code $2b$}, {@code $2x$}, {@code $2y$}),
 * MD5-crypt ({@code $apr1$}, {@code $1$}) and {@code {SHA}} (base-64 SHA-1). Blank lines and lines
 * starting with {@code #} are skipped, a CR before the line end is dropped, and a later line for the
 * same user wins.
 *
 * <p>Any other hash (plain text, DES crypt, SHA-crypt {@code $5$}/{@code $6$}) can never match
 * upstream either; such a line is kept out and reported in {@link #warnings()} with its user and line
 * number, so that user simply cannot log in. Parsing never throws.
 */
public final class HtpasswdFile {

    /** How one user's password is stored. */
    enum Scheme { BCRYPT, MD5_CRYPT, SHA1 }

    private record Entry(Scheme scheme, String hash) {
    }

    /** Modular-crypt bcrypt: version, two-digit cost, 22 salt + 31 hash characters. */
    private static final Pattern BCRYPT = Pattern.compile("\\$2[abxy]\\$\\d\\d\\$[./A-Za-z0-9]{53}");
    private static final Pattern MD5_CRYPT = Pattern.compile("\\$(apr1|1)\\$[^$]{0,8}\\$[./A-Za-z0-9]{22}");
    private static final Pattern SHA1 = Pattern.compile("\\{SHA}[A-Za-z0-9+/]{27}=");

    private final Map<String, Entry> users;
    private final List<String> warnings;

    private HtpasswdFile(Map<String, Entry> users, List<String> warnings) {
        this.users = users;
        this.warnings = warnings;
    }

    /** Parses the file's text (any line ends). */
    public static HtpasswdFile parse(String text) {
        Map<String, Entry> users = new HashMap<>();
        List<String> warnings = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = AuthLines.clean(lines[i]);
            if (line == null) {
                continue;
            }
            int lineNo = i + 1;
            int colon = line.indexOf(':');
            if (colon <= 0) {
                warnings.add("line " + lineNo + ": not user:password-hash, skipped");
                continue;
            }
            String user = line.substring(0, colon);
            String hash = line.substring(colon + 1).strip();
            Scheme scheme = schemeOf(hash);
            if (scheme == null) {
                users.remove(user);
                warnings.add("line " + lineNo + ": user \"" + user + "\": unknown password hash format "
                        + "(bcrypt, $apr1$ or {SHA} expected); this user cannot log in");
                continue;
            }
            users.put(user, new Entry(scheme, hash));
        }
        return new HtpasswdFile(Map.copyOf(users), List.copyOf(warnings));
    }

    static Scheme schemeOf(String hash) {
        if (BCRYPT.matcher(hash).matches()) {
            return Scheme.BCRYPT;
        }
        if (MD5_CRYPT.matcher(hash).matches()) {
            return Scheme.MD5_CRYPT;
        }
        if (SHA1.matcher(hash).matches()) {
            return Scheme.SHA1;
        }
        return null;
    }

    /** Problems found while parsing, one line each, naming the line (never a password or hash). */
    public List<String> warnings() {
        return warnings;
    }

    /** Number of users who can log in. */
    public int size() {
        return users.size();
    }

    /**
     * Whether {@code password} is the user's. Hashes are compared in constant time; an unknown user
     * costs no hashing. A bcrypt check takes milliseconds (its cost factor), so call this off the
     * event loop.
     */
    public boolean verify(String user, String password) {
        Entry entry = users.get(user);
        if (entry == null) {
            return false;
        }
        byte[] pw = password.getBytes(StandardCharsets.UTF_8);
        return switch (entry.scheme()) {
            // Go's bcrypt, like upstream, treats every version prefix alike; Elytron decodes $2a$.
            case BCRYPT -> BcryptUtil.matches(password, "$2a$" + entry.hash().substring(4));
            case MD5_CRYPT -> {
                String magic = entry.hash().startsWith("$apr1$") ? "$apr1$" : "$1$";
                String salt = entry.hash().substring(magic.length());
                yield AuthLines.equalsConstantTime(entry.hash(), Md5Crypt.crypt(pw, magic, salt));
            }
            case SHA1 -> AuthLines.equalsConstantTime(entry.hash(),
                    "{SHA}" + Base64.getEncoder().encodeToString(sha1(pw)));
        };
    }

    private static byte[] sha1(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-1").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-1", e);
        }
    }
}
