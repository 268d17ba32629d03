package io.jcadvisor.storage;

/**
 * {@code -storage_driver_host}: {@code host:port}, {@code [v6 address]:port}.
 *
 * @param host name or address, without brackets
 * @param port 1..65535
 */
record HostPort(String host, int port) {

    /** Go's {@code net.SplitHostPort} rules, as far as a driver needs them; IllegalArgumentException otherwise. */
    static HostPort parse(String value) {
        int colon = value.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("storage driver host \"" + value + "\" has no port (want host:port)");
        }
        String host = value.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(value.substring(colon + 1));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("storage driver host \"" + value + "\" has a bad port");
        }
        return new HostPort(host.isEmpty() ? "localhost" : host, port);
    }

    @Override
    public String toString() {
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }
}
