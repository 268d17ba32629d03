package io.jcadvisor.web.secure;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a web configuration file in the exporter-toolkit format ({@code --web.config.file} of
 * node_exporter and most exporters) into a {@link WebConfig}. Pure: the text in, the record out.
 *
 * <p>Strict, because a security setting that is silently dropped is worse than none: a key the
 * toolkit does not know, a key it documents that we cannot honour ({@code client_allowed_sans},
 * {@code rate_limit}, {@code prefer_server_cipher_suites: false}), a value of the wrong type or out of
 * its set, and YAML that does not parse are each refused with one line naming the option, the file
 * and the key. The YAML goes into Jackson's tree model only, so no class needs reflection.
 */
public final class WebConfigParser {

    /** The option that names the file, at the start of every message. */
    static final String OPTION = "cadvisor.web.config-file";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static final Set<String> TOP = Set.of("tls_server_config", "http_server_config", "basic_auth_users",
            "rate_limit");
    private static final Set<String> TLS_KEYS = Set.of("cert", "key", "client_ca", "cert_file", "key_file",
            "client_auth_type", "client_ca_file", "client_allowed_sans", "min_version", "max_version",
            "cipher_suites", "prefer_server_cipher_suites", "curve_preferences");
    private static final Set<String> HTTP_KEYS = Set.of("http2", "headers");
    /** The toolkit's fixed set; it refuses any other header too. */
    private static final Set<String> HEADERS = Set.of("Content-Security-Policy", "X-Frame-Options",
            "X-Content-Type-Options", "X-XSS-Protection", "Strict-Transport-Security");
    /** Go's version names, oldest first, with JSSE's names. */
    private static final Map<String, String> VERSIONS = orderedVersions();
    /** Go's {@code tls.CurveID} names with JSSE's named groups (JDK 17 has no hybrid post-quantum group). */
    private static final Map<String, String> CURVES = Map.of("CurveP256", "secp256r1", "CurveP384", "secp384r1",
            "CurveP521", "secp521r1", "X25519", "x25519");

    private final String file;

    private WebConfigParser(String file) {
        this.file = file;
    }

    /**
     * @param file the file's path, for messages
     * @param text its contents
     * @throws WebConfigException one line naming the option, the file and the key
     */
    public static WebConfig parse(String file, String text) {
        return new WebConfigParser(file).parse(text);
    }

    private WebConfig parse(String text) {
        JsonNode root;
        try {
            root = YAML.readTree(text);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw fail("malformed YAML" + (at == null ? "" : " at line " + at.getLineNr() + ", column "
                    + at.getColumnNr()) + ": " + String.join(" ", e.getOriginalMessage().strip().split("\\s+"))
                    .replaceAll(" ?in 'reader', line \\d+, column \\d+:( \\^)?", ""));
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            // an empty file is a valid, empty configuration, as in the toolkit
            return new WebConfig(file, Optional.empty(), Map.of(), true, Map.of());
        }
        mapping(root, "the top level");
        checkKeys(root, TOP, "");
        if (root.has("rate_limit")) {
            throw fail("rate_limit: not supported by jcadvisor (no rate limiter); remove the key");
        }
        Optional<WebConfig.Tls> tls = optionalMapping(root, "tls_server_config").map(this::tls);
        Map<String, String> users = new LinkedHashMap<>();
        optionalMapping(root, "basic_auth_users").ifPresent(node -> node.fields().forEachRemaining(e -> {
            String hash = scalar(e.getValue(), "basic_auth_users." + e.getKey());
            if (!hash.matches("\\$2[abxy]\\$\\d\\d\\$[./A-Za-z0-9]{53}")) {
                throw fail("basic_auth_users." + e.getKey() + ": not a bcrypt hash ($2y$...)");
            }
            users.put(e.getKey(), hash);
        }));
        boolean http2 = true;
        Map<String, String> headers = new LinkedHashMap<>();
        Optional<JsonNode> http = optionalMapping(root, "http_server_config");
        if (http.isPresent()) {
            checkKeys(http.get(), HTTP_KEYS, "http_server_config.");
            http2 = bool(http.get(), "http2", "http_server_config.http2", true);
            optionalMapping(http.get(), "headers").ifPresent(node -> node.fields().forEachRemaining(e ->
                    header(e.getKey(), scalar(e.getValue(), "http_server_config.headers." + e.getKey()), headers)));
        }
        return new WebConfig(file, tls, Map.copyOf(users), http2, headers);
    }

    private WebConfig.Tls tls(JsonNode node) {
        String at = "tls_server_config.";
        checkKeys(node, TLS_KEYS, at);
        if (node.has("client_allowed_sans")) {
            throw fail(at + "client_allowed_sans: not supported by jcadvisor; use client_ca_file with a CA "
                    + "that signs only the scrapers' certificates");
        }
        Optional<String> certFile = string(node, "cert_file", at);
        Optional<String> keyFile = string(node, "key_file", at);
        Optional<String> cert = string(node, "cert", at);
        Optional<String> key = string(node, "key", at);
        if (certFile.isPresent() && cert.isPresent()) {
            throw fail(at + "cert and cert_file are both set; use one");
        }
        if (keyFile.isPresent() && key.isPresent()) {
            throw fail(at + "key and key_file are both set; use one");
        }
        if (certFile.isEmpty() && cert.isEmpty()) {
            throw fail(at + "cert_file: missing (a server certificate is required)");
        }
        if (keyFile.isEmpty() && key.isEmpty()) {
            throw fail(at + "key_file: missing (the certificate's private key is required)");
        }
        ClientAuthType clientAuth;
        try {
            clientAuth = ClientAuthType.of(string(node, "client_auth_type", at).orElse("NoClientCert"));
        } catch (IllegalArgumentException e) {
            throw fail(at + "client_auth_type: " + e.getMessage());
        }
        Optional<String> clientCaFile = string(node, "client_ca_file", at);
        Optional<String> clientCa = string(node, "client_ca", at);
        if (clientCaFile.isPresent() && clientCa.isPresent()) {
            throw fail(at + "client_ca and client_ca_file are both set; use one");
        }
        boolean hasCa = clientCaFile.isPresent() || clientCa.isPresent();
        if (hasCa && clientAuth == ClientAuthType.NO_CLIENT_CERT) {
            // the toolkit refuses this too: a CA without a policy that uses it
            throw fail(at + "client_ca_file: set without a client_auth_type that checks client certificates");
        }
        if (!hasCa && clientAuth.verifies) {
            throw fail(at + "client_ca_file: missing, client_auth_type " + clientAuth.goName
                    + " needs the CA to verify client certificates against");
        }
        List<String> protocols = protocols(node, at);
        List<String> ciphers = list(node, "cipher_suites", at);
        if (!bool(node, "prefer_server_cipher_suites", at + "prefer_server_cipher_suites", true)) {
            throw fail(at + "prefer_server_cipher_suites: false is not supported by jcadvisor (the JVM always "
                    + "uses the server's order, the order of cipher_suites)");
        }
        List<String> groups = new ArrayList<>();
        for (String curve : list(node, "curve_preferences", at)) {
            String group = CURVES.get(curve);
            if (group == null) {
                throw fail(at + "curve_preferences: unknown or unsupported curve \"" + curve + "\" (one of "
                        + String.join(", ", CURVES.keySet().stream().sorted().toList()) + ")");
            }
            groups.add(group);
        }
        return new WebConfig.Tls(certFile, keyFile, cert, key, clientAuth, clientCaFile, clientCa, protocols,
                ciphers, List.copyOf(groups));
    }

    private List<String> protocols(JsonNode node, String at) {
        String min = string(node, "min_version", at).orElse("TLS12");
        String max = string(node, "max_version", at).orElse("TLS13");
        List<String> names = new ArrayList<>(VERSIONS.keySet());
        int from = names.indexOf(min);
        int to = names.indexOf(max);
        if (from < 0) {
            throw fail(at + "min_version: unknown TLS version \"" + min + "\" (one of " + String.join(", ", names) + ")");
        }
        if (to < 0) {
            throw fail(at + "max_version: unknown TLS version \"" + max + "\" (one of " + String.join(", ", names) + ")");
        }
        if (to < from) {
            throw fail(at + "max_version: " + max + " is older than min_version " + min);
        }
        List<String> protocols = new ArrayList<>();
        for (int i = from; i <= to; i++) {
            protocols.add(VERSIONS.get(names.get(i)));
        }
        return List.copyOf(protocols);
    }

    private static Map<String, String> orderedVersions() {
        Map<String, String> versions = new LinkedHashMap<>();
        versions.put("TLS10", "TLSv1");
        versions.put("TLS11", "TLSv1.1");
        versions.put("TLS12", "TLSv1.2");
        versions.put("TLS13", "TLSv1.3");
        return versions;
    }

    private void header(String name, String value, Map<String, String> headers) {
        String at = "http_server_config.headers." + name;
        if (!HEADERS.contains(name)) {
            throw fail(at + ": this header cannot be configured (one of "
                    + String.join(", ", HEADERS.stream().sorted().toList()) + ")");
        }
        if (value.isBlank()) {
            return;
        }
        String lower = value.toLowerCase(Locale.ROOT);
        if (name.equals("X-Frame-Options") && !lower.equals("deny") && !lower.equals("sameorigin")) {
            throw fail(at + ": \"" + value + "\" is not deny or sameorigin");
        }
        if (name.equals("X-Content-Type-Options") && !lower.equals("nosniff")) {
            throw fail(at + ": \"" + value + "\" is not nosniff");
        }
        headers.put(name, value);
    }

    private void checkKeys(JsonNode node, Set<String> known, String at) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!known.contains(key)) {
                throw fail(at + key + ": unknown key");
            }
        }
    }

    private Optional<JsonNode> optionalMapping(JsonNode parent, String key) {
        JsonNode node = parent.get(key);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        return Optional.of(mapping(node, key));
    }

    private JsonNode mapping(JsonNode node, String at) {
        if (!node.isObject()) {
            throw fail(at + ": a mapping (key: value lines) is expected");
        }
        return node;
    }

    private Optional<String> string(JsonNode parent, String key, String at) {
        JsonNode node = parent.get(key);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        String value = scalar(node, at + key);
        return value.isEmpty() ? Optional.empty() : Optional.of(value);
    }

    private String scalar(JsonNode node, String at) {
        if (node == null || node.isNull()) {
            return "";
        }
        if (!node.isValueNode()) {
            throw fail(at + ": a single value is expected");
        }
        return node.asText();
    }

    private boolean bool(JsonNode parent, String key, String at, boolean otherwise) {
        JsonNode node = parent.get(key);
        if (node == null || node.isNull()) {
            return otherwise;
        }
        if (!node.isBoolean()) {
            throw fail(at + ": true or false expected, not \"" + node.asText() + "\"");
        }
        return node.booleanValue();
    }

    private List<String> list(JsonNode parent, String key, String at) {
        JsonNode node = parent.get(key);
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw fail(at + key + ": a list is expected");
        }
        List<String> values = new ArrayList<>();
        node.forEach(item -> values.add(scalar(item, at + key)));
        return List.copyOf(values);
    }

    private WebConfigException fail(String what) {
        return new WebConfigException(OPTION + " " + file + ": " + what);
    }
}
