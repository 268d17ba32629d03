package io.jcadvisor.manager;

import io.jcadvisor.config.CadvisorConfig;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The manager's two thread pools: the housekeeping workers that take samples, and the few threads
 * that wait for runtimes' exit codes. Built once, shut down with the application. A test passes its
 * own executors (usually {@code Runnable::run}, so samples are taken on the test's thread).
 */
@Singleton
public class ManagerPools {

    /** Deletions waiting for an exit code; beyond this a deletion is recorded at once with −1. */
    static final int EXIT_CODE_QUEUE = 1024;
    private static final int EXIT_CODE_THREADS = 4;

    private final Executor housekeeping;
    private final Executor exitCodes;
    private final List<ExecutorService> owned = new ArrayList<>();

    @Inject
    public ManagerPools(CadvisorConfig config) {
        this(config.housekeeping().workers());
    }

    /** @param workers housekeeping threads ({@code cadvisor.housekeeping.workers}) */
    public ManagerPools(int workers) {
        AtomicInteger ids = new AtomicInteger();
        ExecutorService workerPool = new ThreadPoolExecutor(workers, workers, 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(), r -> daemon(r, "housekeeping-" + ids.incrementAndGet()));
        // A few threads, idle ones ended: one runtime that does not answer must not hold up the others.
        AtomicInteger exitIds = new AtomicInteger();
        ThreadPoolExecutor exitPool = new ThreadPoolExecutor(EXIT_CODE_THREADS, EXIT_CODE_THREADS, 30,
                TimeUnit.SECONDS, new LinkedBlockingQueue<>(EXIT_CODE_QUEUE),
                r -> daemon(r, "exit-codes-" + exitIds.incrementAndGet()));
        exitPool.allowCoreThreadTimeOut(true);
        this.housekeeping = workerPool;
        this.exitCodes = exitPool;
        owned.add(workerPool);
        owned.add(exitPool);
    }

    /** For tests and embedding: the given executors, not shut down here. */
    public ManagerPools(Executor housekeeping, Executor exitCodes) {
        this.housekeeping = housekeeping;
        this.exitCodes = exitCodes;
    }

    /** Runs the samples the tick hands out. */
    Executor housekeeping() {
        return housekeeping;
    }

    /** Asks handlers for exit codes, off the discovery path. */
    Executor exitCodes() {
        return exitCodes;
    }

    @PreDestroy
    void shutdown() {
        owned.forEach(ExecutorService::shutdownNow);
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
