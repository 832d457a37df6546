package io.storageconsole.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.dao.DataAccessException;

/**
 * Changes fired at the database from several threads at once, released together, for tests of
 * counts that triggers keep under concurrency. A change the database refuses (a deadlock victim)
 * changed nothing and is counted as refused.
 */
public final class ConcurrentChanges {

    /** One change: the thread's number and the change's number within the thread. */
    @FunctionalInterface
    public interface Change {
        void apply(int thread, int n);
    }

    /** How many changes were applied and how many the database refused. */
    public record Outcome(int applied, int refused) {
    }

    private ConcurrentChanges() {
    }

    /** Runs {@code perThread} changes on each of {@code threads} threads at once. */
    public static Outcome run(int threads, int perThread, Change change) throws Exception {
        return run(threads, perThread, change, () -> { });
    }

    /**
     * As {@link #run(int, int, Change)}, with {@code meanwhile} run again and again on one more
     * thread from the start until the last change is done.
     */
    public static Outcome run(int threads, int perThread, Change change, Runnable meanwhile) throws Exception {
        AtomicInteger applied = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        AtomicBoolean changing = new AtomicBoolean(true);
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads + 1);
        try {
            Future<?> alongside = pool.submit(() -> {
                start.await();
                while (changing.get()) {
                    meanwhile.run();
                }
                return null;
            });
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    start.await();
                    for (int n = 0; n < perThread; n++) {
                        try {
                            change.apply(thread, n);
                            applied.incrementAndGet();
                        } catch (DataAccessException deadlockVictim) {
                            refused.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : done) {
                future.get();
            }
            changing.set(false);
            alongside.get();
        } finally {
            pool.shutdownNow();
        }
        return new Outcome(applied.get(), refused.get());
    }
}
