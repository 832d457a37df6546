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
        BoundedPasswordEncoder encoder = new BoundedPasswordEncoder(heldHash, 2, Duration.ofSeconds(30));
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
        BoundedPasswordEncoder encoder = new BoundedPasswordEncoder(heldHash, 1, Duration.ofMillis(200));
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
