package io.jcadvisor.container;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;

import java.util.function.Supplier;

/** Starting a Vert.x client's request chain on an event loop, for the runtimes' daemon clients. */
public final class EventLoopCalls {

    private EventLoopCalls() {
    }

    /**
     * Runs {@code chain} on an event loop of {@code vertx} and hands its outcome to {@code done}. Vert.x wants
     * a response's handlers set in the tick the response arrives, hence the loop. A chain that throws before
     * it returns its future (its client closed under it: a start-up that fails while a runtime's first
     * contact is under way) reaches {@code done} as a failure like any other, instead of Vert.x's handler of
     * uncaught exceptions, which logs it at ERROR with a stack trace.
     */
    public static <T> void start(Vertx vertx, Supplier<Future<T>> chain, Handler<AsyncResult<T>> done) {
        vertx.getOrCreateContext().runOnContext(v -> {
            Future<T> started;
            try {
                started = chain.get();
            } catch (RuntimeException e) {
                started = Future.failedFuture(e);
            }
            started.onComplete(done);
        });
    }
}
