package io.jcadvisor.testing;

import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The status of one GET, for tests that wait for an agent (or probe it) as a separate process. */
public final class HttpProbe {

    /** Bound of the whole exchange. */
    public static final Duration TIMEOUT = Duration.ofSeconds(5);

    private HttpProbe() {
    }

    /**
     * The status code of a GET of {@code uri} (body discarded), or -1 when there is no answer within
     * {@link #TIMEOUT} (refused, reset, too slow) or the thread is interrupted (the flag is kept).
     */
    public static int status(HttpClient http, URI uri) {
        try {
            return http.send(HttpRequest.newBuilder(uri).timeout(TIMEOUT).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** As {@link #status(HttpClient, URI)}, for a URL string. */
    public static int status(HttpClient http, String url) {
        return status(http, URI.create(url));
    }

    /**
     * Whether the server closes {@code socket} (end of stream or reset) without sending a byte, within
     * {@code wait}: a connection closed at accept. A byte, or silence for {@code wait}, is false.
     */
    public static boolean closedWithoutAnswer(Socket socket, Duration wait) throws IOException {
        socket.setSoTimeout((int) wait.toMillis());
        try {
            return socket.getInputStream().read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            // reset by the server
            return true;
        }
    }
}
