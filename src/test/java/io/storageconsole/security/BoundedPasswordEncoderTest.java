package io.storageconsole.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.password.PasswordEncoder;

class BoundedPasswordEncoderTest {

    private static final int THREADS = 8;

    @Test
    void no_more_hashes_run_at_once_than_it_allows_and_every_one_runs() throws Exception {
        HeldHash heldHash = new HeldHash(2);
        BoundedPasswordEncoder encoder = new BoundedPasswordEncoder(heldHash, 2, THREADS, Duration.ofSeconds(30));
        List<Thread> workers = new ArrayList<>();
        ExecutorService threads = Executors.newFixedThreadPool(THREADS, task -> {
            Thread thread = new Thread(task);
            workers.add(thread);
            return thread;
        });
        try {
            List<Future<Boolean>> checks = new ArrayList<>();
            for (int i = 0; i < THREADS; i++) {
                checks.add(threads.submit(() -> encoder.matches("secret", "secret")));
            }
            assertThat(heldHash.inside.await(30, TimeUnit.SECONDS)).isTrue();
            // Every worker is parked now: two at the gate, the rest waiting for a permit (or a third inside).
            awaitAllParked(workers);
            int insideWithAllWaiting = heldHash.running.get();
            heldHash.gate.countDown();
            for (Future<Boolean> check : checks) {
                assertThat(check.get(30, TimeUnit.SECONDS)).isTrue();
            }

            assertThat(insideWithAllWaiting).isEqualTo(2);
            assertThat(heldHash.mostAtOnce.get()).isEqualTo(2);
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void a_hash_that_gets_no_processor_in_time_is_refused_as_busy_and_never_runs() throws Exception {
        HeldHash heldHash = new HeldHash(1);
        BoundedPasswordEncoder encoder = new BoundedPasswordEncoder(heldHash, 1, 1, Duration.ofMillis(200));
        ExecutorService holder = Executors.newSingleThreadExecutor();
        try {
            Future<Boolean> holding = holder.submit(() -> encoder.matches("secret", "secret"));
            assertThat(heldHash.inside.await(30, TimeUnit.SECONDS)).isTrue();

            assertThatThrownBy(() -> encoder.matches("other", "other")).isInstanceOf(PasswordCheckBusyException.class)
                    .hasMessage(PasswordCheckBusyException.MESSAGE);
            assertThatThrownBy(() -> encoder.encode("other")).isInstanceOf(PasswordCheckBusyException.class);

            heldHash.gate.countDown();
            assertThat(holding.get(30, TimeUnit.SECONDS)).isTrue();
            assertThat(heldHash.ran.get()).isEqualTo(1);
            assertThat(encoder.matches("after", "after")).isTrue();
        } finally {
            holder.shutdownNow();
        }
    }

    @Test
    void a_hash_that_finds_the_queue_full_is_refused_at_once_and_those_in_the_queue_all_run() throws Exception {
        int processors = 2;
        int queue = 3;
        int threads = 12;
        HeldHash heldHash = new HeldHash(processors);
        BoundedPasswordEncoder encoder = new BoundedPasswordEncoder(heldHash, processors, queue, Duration.ofSeconds(30));
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Boolean>> checks = new ArrayList<>();
            for (int i = 0; i < processors; i++) {
                checks.add(pool.submit(() -> encoder.matches("secret", "secret")));
            }
            assertThat(heldHash.inside.await(30, TimeUnit.SECONDS)).isTrue();
            for (int i = processors; i < threads; i++) {
                checks.add(pool.submit(() -> encoder.matches("secret", "secret")));
            }
            // Every processor is held: only those refused at once can have an answer, and they all get one.
            int refusedAtOnce = threads - processors - queue;
            awaitAnswered(checks, refusedAtOnce);
            List<Future<Boolean>> answered = checks.stream().filter(Future::isDone).toList();
            assertThat(answered).hasSize(refusedAtOnce).allSatisfy(check ->
                    assertThatThrownBy(check::get).hasCauseInstanceOf(PasswordCheckBusyException.class));
            heldHash.gate.countDown();
            List<Future<Boolean>> waited = checks.stream().filter(check -> !answered.contains(check)).toList();
            for (Future<Boolean> check : waited) {
                assertThat(check.get(30, TimeUnit.SECONDS)).isTrue();
            }

            assertThat(waited).hasSize(processors + queue);
            assertThat(heldHash.ran.get()).isEqualTo(processors + queue);
            assertThat(heldHash.mostAtOnce.get()).isEqualTo(processors);
        } finally {
            heldHash.gate.countDown();
            pool.shutdownNow();
        }
    }

    /** Waits until {@code count} of the checks have an answer (or 30 s passed). */
    private static void awaitAnswered(List<Future<Boolean>> checks, int count) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (checks.stream().filter(Future::isDone).count() < count) {
            assertThat(System.nanoTime()).as("%d checks answered within 30 s", count).isLessThan(deadline);
            Thread.onSpinWait();
        }
    }

    /** A hash that holds its permit until the test opens the gate: no timing decides the overlap. */
    private static final class HeldHash implements PasswordEncoder {

        final AtomicInteger running = new AtomicInteger();
        final AtomicInteger mostAtOnce = new AtomicInteger();
        final AtomicInteger ran = new AtomicInteger();
        final CountDownLatch inside;
        final CountDownLatch gate = new CountDownLatch(1);

        HeldHash(int expectedInside) {
            inside = new CountDownLatch(expectedInside);
        }

        @Override
        public String encode(CharSequence raw) {
            return raw.toString();
        }

        @Override
        public boolean matches(CharSequence raw, String encoded) {
            ran.incrementAndGet();
            mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
            inside.countDown();
            try {
                assertThat(gate.await(30, TimeUnit.SECONDS)).isTrue();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            running.decrementAndGet();
            return raw.toString().equals(encoded);
        }
    }

    private static void awaitAllParked(List<Thread> workers) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (workers.size() < THREADS || !workers.stream().allMatch(BoundedPasswordEncoderTest::isParked)) {
            assertThat(System.nanoTime()).as("all workers parked within 30 s").isLessThan(deadline);
            Thread.onSpinWait();
        }
    }

    private static boolean isParked(Thread thread) {
        Thread.State state = thread.getState();
        return state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING;
    }
}
