package io.jcadvisor.container;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class EventLoopCallsTest {

    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void aRequestOnAClosedClientEndsAsAFailureOfTheCall() throws Exception {
        // As when a start-up fails while a runtime's first contact is under way: the client is closed first.
        HttpClient client = vertx.createHttpClient();
        client.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        CompletableFuture<AsyncResult<Object>> done = new CompletableFuture<>();
        EventLoopCalls.start(vertx, () -> client.request(HttpMethod.GET, 1, "127.0.0.1", "/").map(r -> (Object) r),
                done::complete);
        AsyncResult<Object> result = done.get(10, TimeUnit.SECONDS);
        assertThat(result.failed()).isTrue();
        assertThat(result.cause()).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    @Test
    void aChainsOwnOutcomeIsHandedOn() throws Exception {
        CompletableFuture<AsyncResult<String>> done = new CompletableFuture<>();
        EventLoopCalls.start(vertx, () -> {
            assertThat(Vertx.currentContext().isEventLoopContext()).isTrue();
            return Future.succeededFuture("answered");
        }, done::complete);
        assertThat(done.get(10, TimeUnit.SECONDS).result()).isEqualTo("answered");
    }
}
