package io.storageconsole.security.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.storageconsole.security.domain.AttemptCounters;
import io.storageconsole.testing.IntegrationTest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import javax.sql.DataSource;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/** The one attempt limiter, on the real database: its promise under parallel requests, its locks and windows. */
class AttemptLimiterTest extends IntegrationTest {

    private static final AttemptPolicy FIVE_PER_QUARTER_HOUR = AttemptPolicy.fixed("test-fixed", 5,
            Duration.ofMinutes(15), Duration.ofMinutes(15));

    @Autowired
    private AttemptLimiter limiter;

    @Autowired
    private JdbcClient jdbc;

    @Autowired
    private AttemptCounters counters;

    @Autowired
    private DataSource dataSource;

    @Autowired
    private PlatformTransactionManager transactions;

    @Test
    void of_fifty_reservations_at_once_exactly_the_limit_is_granted_and_none_fails() throws Exception {
        String key = uniqueKey();
        ExecutorService threads = Executors.newFixedThreadPool(50);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<Attempt>> reservations = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                reservations.add(threads.submit(() -> {
                    go.await();
                    return limiter.reserve(FIVE_PER_QUARTER_HOUR, key);
                }));
            }
            go.countDown();
            List<Attempt> attempts = new ArrayList<>();
            for (Future<Attempt> reservation : reservations) {
                attempts.add(reservation.get(60, TimeUnit.SECONDS));
            }

            assertThat(attempts.stream().filter(Attempt::granted).map(Attempt::number))
                    .containsExactlyInAnyOrder(1, 2, 3, 4, 5);
            assertThat(attempts.stream().filter(attempt -> !attempt.granted()))
                    .hasSize(45).allSatisfy(refused -> assertThat(refused.lockedUntil()).isAfter(clock.instant()));
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void of_fifty_reservations_of_three_limits_at_once_the_tightest_grants_its_limit_and_the_refused_count_nowhere() throws Exception {
        AttemptPolicy twenty = AttemptPolicy.fixed("test-twenty", 20, Duration.ofMinutes(15), Duration.ofMinutes(15));
        AttemptPolicy hundred = AttemptPolicy.fixed("test-hundred", 100, Duration.ofMinutes(15), Duration.ofMinutes(15));
        List<AttemptLimiter.Limit> limits = List.of(new AttemptLimiter.Limit(FIVE_PER_QUARTER_HOUR, uniqueKey()),
                new AttemptLimiter.Limit(hundred, uniqueKey()), new AttemptLimiter.Limit(twenty, uniqueKey()));
        ExecutorService threads = Executors.newFixedThreadPool(50);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<AttemptLimiter.Attempts>> reservations = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                reservations.add(threads.submit(() -> {
                    go.await();
                    return limiter.reserveAll(limits);
                }));
            }
            go.countDown();
            List<AttemptLimiter.Attempts> answers = new ArrayList<>();
            for (Future<AttemptLimiter.Attempts> reservation : reservations) {
                answers.add(reservation.get(60, TimeUnit.SECONDS));
            }

            assertThat(answers.stream().filter(AttemptLimiter.Attempts::allGranted).map(granted -> granted.granted().get(0).number()))
                    .containsExactlyInAnyOrder(1, 2, 3, 4, 5);
            assertThat(answers.stream().filter(answer -> !answer.allGranted()))
                    .hasSize(45).allSatisfy(refused -> assertThat(refused.refusal().lockedUntil()).isAfter(clock.instant()));
            // The 45 refused by the first limit counted nothing on the other two.
            assertThat(attemptsOf(limits.get(1))).isEqualTo(5);
            assertThat(attemptsOf(limits.get(2))).isEqualTo(5);
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void a_refusal_by_a_later_limit_counts_nothing_on_the_earlier_ones() {
        AttemptPolicy one = AttemptPolicy.fixed("test-one", 1, Duration.ofMinutes(15), Duration.ofMinutes(15));
        AttemptLimiter.Limit first = new AttemptLimiter.Limit(FIVE_PER_QUARTER_HOUR, uniqueKey());
        AttemptLimiter.Limit locked = new AttemptLimiter.Limit(one, uniqueKey());
        Attempt lockingOne = limiter.reserve(one, locked.key());

        AttemptLimiter.Attempts refused = limiter.reserveAll(List.of(first, locked));

        assertThat(refused.allGranted()).isFalse();
        assertThat(refused.refusal().lockedUntil()).isEqualTo(lockingOne.lockedUntil());
        assertThat(limiter.reserve(FIVE_PER_QUARTER_HOUR, first.key()).number()).isEqualTo(1);
    }

    @Test
    void a_reservation_and_a_success_are_committed_when_they_answer() throws Exception {
        AttemptLimiter.Limit counted = new AttemptLimiter.Limit(FIVE_PER_QUARTER_HOUR, uniqueKey());
        AttemptLimiter.Limit refunded = new AttemptLimiter.Limit(FIVE_PER_QUARTER_HOUR, uniqueKey());
        limiter.reserve(FIVE_PER_QUARTER_HOUR, counted.key());

        AttemptLimiter.Attempts attempts = limiter.reserveAll(List.of(counted, refunded));

        // What the hash may follow must be durable: another connection already reads it.
        assertThat(attemptsSeenElsewhere(counted)).isEqualTo(2);
        assertThat(attemptsSeenElsewhere(refunded)).isEqualTo(1);
        limiter.succeededAndRefundedAfterAnswer(FIVE_PER_QUARTER_HOUR, counted.key(),
                List.of(new AttemptLimiter.Refund(FIVE_PER_QUARTER_HOUR, refunded.key(), attempts.granted().get(1))),
                CompletableFuture.completedFuture(null)).join();
        assertThat(attemptsSeenElsewhere(counted)).isNull();
        assertThat(attemptsSeenElsewhere(refunded)).isZero();
    }

    @Test
    void a_reservation_that_fails_half_way_rolls_back_and_leaves_no_transaction_open_on_its_connection() {
        AttemptCounters.Counting fine = new AttemptCounters.Counting(new AttemptCounters.Key("test-fixed", uniqueKey()),
                5, Duration.ofMinutes(15), Duration.ofMinutes(15), Duration.ofMinutes(15));
        // Longer than the column: the INSERT of the row locks fails after the transaction began.
        AttemptCounters.Counting tooLong = new AttemptCounters.Counting(new AttemptCounters.Key("test-fixed", "x".repeat(300)),
                5, Duration.ofMinutes(15), Duration.ofMinutes(15), Duration.ofMinutes(15));
        TransactionTemplate oneConnection = new TransactionTemplate(transactions);
        oneConnection.setPropagationBehavior(TransactionDefinition.PROPAGATION_NOT_SUPPORTED);

        Integer inTransaction = oneConnection.execute(status -> {
            assertThatThrownBy(() -> counters.reserveAll(List.of(fine, tooLong), clock.instant()))
                    .isInstanceOf(DataAccessException.class);
            return jdbc.sql("SELECT @@in_transaction").query(Integer.class).single();
        });

        assertThat(inTransaction).isZero();
        assertThat(counters.find(fine.key().kind(), fine.key().subject())).isEmpty();
    }

    @Test
    void the_statements_that_commit_refuse_to_run_inside_a_transaction_and_commit_nothing_of_it() {
        AttemptCounters.Key callersRow = new AttemptCounters.Key("test-fixed", uniqueKey());
        AttemptCounters.Counting counting = new AttemptCounters.Counting(new AttemptCounters.Key("test-fixed", uniqueKey()),
                5, Duration.ofMinutes(15), Duration.ofMinutes(15), Duration.ofMinutes(15));

        new TransactionTemplate(transactions).executeWithoutResult(status -> {
            counters.lockOrCreate(List.of(callersRow), clock.instant());
            // Their START TRANSACTION would commit the caller's row half-way.
            assertThatThrownBy(() -> counters.reserveAll(List.of(counting), clock.instant()))
                    .isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> counters.deleteAndRefund(counting.key(), List.of()))
                    .isInstanceOf(IllegalStateException.class);
            status.setRollbackOnly();
        });

        assertThat(counters.find(callersRow.kind(), callersRow.subject())).isEmpty();
        assertThat(counters.find(counting.key().kind(), counting.key().subject())).isEmpty();
    }

    @Test
    void an_attempt_given_back_lifts_only_the_lock_it_set_itself() {
        String key = uniqueKey();
        List<Attempt> granted = new ArrayList<>();
        for (int number = 1; number <= 5; number++) {
            granted.add(limiter.reserve(FIVE_PER_QUARTER_HOUR, key));
        }

        // An earlier attempt given back (its check never ran) leaves the lock of the last one standing.
        limiter.refund(FIVE_PER_QUARTER_HOUR, key, granted.get(1));
        assertThat(limiter.reserve(FIVE_PER_QUARTER_HOUR, key).granted()).isFalse();
        // The last one given back (it succeeded) takes its own lock with it: the two slots given back run again.
        limiter.refund(FIVE_PER_QUARTER_HOUR, key, granted.get(4));
        Attempt fourth = limiter.reserve(FIVE_PER_QUARTER_HOUR, key);
        Attempt fifth = limiter.reserve(FIVE_PER_QUARTER_HOUR, key);
        assertThat(fourth.granted()).isTrue();
        assertThat(fourth.isLast()).isFalse();
        assertThat(fifth.granted()).isTrue();
        assertThat(fifth.isLast()).isTrue();
        assertThat(limiter.reserve(FIVE_PER_QUARTER_HOUR, key).granted()).isFalse();
    }

    @Test
    void the_last_allowed_attempt_sets_the_lock_that_refuses_the_next_and_a_success_forgets_it() {
        String key = uniqueKey();
        for (int number = 1; number <= 4; number++) {
            Attempt attempt = limiter.reserve(FIVE_PER_QUARTER_HOUR, key);
            assertThat(attempt.granted()).isTrue();
            assertThat(attempt.number()).isEqualTo(number);
            assertThat(attempt.isLast()).isFalse();
        }
        Attempt last = limiter.reserve(FIVE_PER_QUARTER_HOUR, key);
        assertThat(last.isLast()).isTrue();
        assertThat(last.lockedUntil()).isBetween(clock.instant().plus(Duration.ofMinutes(14)), clock.instant().plus(Duration.ofMinutes(15)));

        Attempt refused = limiter.reserve(FIVE_PER_QUARTER_HOUR, key);
        assertThat(refused.granted()).isFalse();
        assertThat(refused.lockedUntil()).isEqualTo(last.lockedUntil());
        assertThat(limiter.lockedUntil(FIVE_PER_QUARTER_HOUR, key)).contains(last.lockedUntil());

        limiter.succeeded(FIVE_PER_QUARTER_HOUR, key);
        Attempt afresh = limiter.reserve(FIVE_PER_QUARTER_HOUR, key);
        assertThat(afresh.granted()).isTrue();
        assertThat(afresh.number()).isEqualTo(1);
    }

    @Test
    void a_success_with_refunds_in_one_commit_forgets_its_key_and_gives_back_only_the_granted_slots() {
        String succeeded = uniqueKey();
        String wider = uniqueKey();
        String lockedWider = uniqueKey();
        for (int number = 1; number <= 3; number++) {
            limiter.reserve(FIVE_PER_QUARTER_HOUR, succeeded);
        }
        limiter.reserve(FIVE_PER_QUARTER_HOUR, wider);
        Attempt widerSlot = limiter.reserve(FIVE_PER_QUARTER_HOUR, wider);
        for (int number = 1; number <= 5; number++) {
            limiter.reserve(FIVE_PER_QUARTER_HOUR, lockedWider);
        }
        Attempt refusedSlot = limiter.reserve(FIVE_PER_QUARTER_HOUR, lockedWider);

        limiter.succeededAndRefundedAfterAnswer(FIVE_PER_QUARTER_HOUR, succeeded, List.of(
                new AttemptLimiter.Refund(FIVE_PER_QUARTER_HOUR, wider, widerSlot),
                new AttemptLimiter.Refund(FIVE_PER_QUARTER_HOUR, lockedWider, refusedSlot)), CompletableFuture.completedFuture(null)).join();

        assertThat(limiter.reserve(FIVE_PER_QUARTER_HOUR, succeeded).number()).isEqualTo(1);
        assertThat(limiter.reserve(FIVE_PER_QUARTER_HOUR, wider).number()).isEqualTo(2);
        // A refused attempt took no slot, so nothing is given back: the lock stands.
        assertThat(limiter.reserve(FIVE_PER_QUARTER_HOUR, lockedWider).granted()).isFalse();
    }

    @Test
    void a_success_recorded_after_its_answer_comes_before_the_next_attempt_of_its_key() throws Exception {
        String id = UUID.randomUUID().toString();
        String lockedKey = "test/z" + id;
        // First in key order: the success stops on this row before it touches the locked key's.
        String widerKey = "test/a" + id;
        for (int number = 1; number <= 5; number++) {
            limiter.reserve(FIVE_PER_QUARTER_HOUR, lockedKey);
        }
        Attempt widerSlot = limiter.reserve(FIVE_PER_QUARTER_HOUR, widerKey);
        FutureTask<Attempt> next = new FutureTask<>(() -> limiter.reserve(FIVE_PER_QUARTER_HOUR, lockedKey));
        Thread nextAttempt = new Thread(next, "next-attempt");
        CompletableFuture<Void> recorded;
        try (Connection holder = dataSource.getConnection()) {
            holder.setAutoCommit(false);
            lockRow(holder, widerKey);
            recorded = limiter.succeededAndRefundedAfterAnswer(FIVE_PER_QUARTER_HOUR, lockedKey,
                    List.of(new AttemptLimiter.Refund(FIVE_PER_QUARTER_HOUR, widerKey, widerSlot)), CompletableFuture.completedFuture(null));
            nextAttempt.start();
            // Either it waits for the success (parked), or it went ahead and met the lock the success forgets.
            until(() -> next.isDone() || nextAttempt.getState() == Thread.State.TIMED_WAITING);
            assertThat(next.isDone()).as("the next attempt went ahead of the success it follows").isFalse();
            assertThat(recorded).isNotDone();
            holder.rollback();
        }
        recorded.get(10, TimeUnit.SECONDS);
        Attempt afresh = next.get(10, TimeUnit.SECONDS);
        assertThat(afresh.granted()).isTrue();
        assertThat(afresh.number()).isEqualTo(1);
        assertThat(limiter.reserve(FIVE_PER_QUARTER_HOUR, widerKey).number()).isEqualTo(1);
    }

    @Test
    void the_next_attempt_of_a_key_that_a_success_only_gives_back_does_not_wait_for_it() throws Exception {
        String id = UUID.randomUUID().toString();
        // First in key order: the success stops on this row before it touches the other.
        String forgottenKey = "test/a" + id;
        String givenBackKey = "test/z" + id;
        limiter.reserve(FIVE_PER_QUARTER_HOUR, forgottenKey);
        Attempt slot = limiter.reserve(FIVE_PER_QUARTER_HOUR, givenBackKey);
        FutureTask<Attempt> next = new FutureTask<>(() -> limiter.reserve(FIVE_PER_QUARTER_HOUR, givenBackKey));
        CompletableFuture<Void> recorded;
        try (Connection holder = dataSource.getConnection()) {
            holder.setAutoCommit(false);
            lockRow(holder, forgottenKey);
            recorded = limiter.succeededAndRefundedAfterAnswer(FIVE_PER_QUARTER_HOUR, forgottenKey,
                    List.of(new AttemptLimiter.Refund(FIVE_PER_QUARTER_HOUR, givenBackKey, slot)), CompletableFuture.completedFuture(null));
            new Thread(next, "next-attempt").start();
            // Well within the wait's own bound: an address's next sign-in does not line up behind this one.
            until(next::isDone, Duration.ofSeconds(5));
            // Counted before the slot came back: once more, the safe side.
            assertThat(next.get().number()).isEqualTo(2);
            assertThat(recorded).isNotDone();
            holder.rollback();
        }
        recorded.get(10, TimeUnit.SECONDS);
        assertThat(limiter.reserve(FIVE_PER_QUARTER_HOUR, givenBackKey).number()).isEqualTo(2);
    }

    @Test
    void a_success_recorded_after_its_answer_that_the_database_refuses_leaves_its_attempts_counted_and_holds_nothing_back() throws Exception {
        String key = uniqueKey();
        limiter.reserve(FIVE_PER_QUARTER_HOUR, key);
        jdbc.sql("CREATE TRIGGER attempt_test_refuses_one_success BEFORE DELETE ON attempt_counter FOR EACH ROW "
                + "BEGIN IF OLD.subject = '" + key + "' THEN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'This test refuses the success'; "
                + "END IF; END").update();
        try {
            limiter.succeededAndRefundedAfterAnswer(FIVE_PER_QUARTER_HOUR, key, List.of(), CompletableFuture.completedFuture(null)).get(10, TimeUnit.SECONDS);
        } finally {
            jdbc.sql("DROP TRIGGER attempt_test_refuses_one_success").update();
        }
        // The safe side: the attempt stays counted, and the next one is not held back.
        assertThat(limiter.reserve(FIVE_PER_QUARTER_HOUR, key).number()).isEqualTo(2);
    }

    private static void lockRow(Connection connection, String key) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement(
                "SELECT attempts FROM attempt_counter WHERE kind = ? AND subject = ? FOR UPDATE")) {
            lock.setString(1, FIVE_PER_QUARTER_HOUR.kind());
            lock.setString(2, key);
            try (ResultSet row = lock.executeQuery()) {
                assertThat(row.next()).isTrue();
            }
        }
    }

    /** Waits for {@code condition}, ten seconds at most. */
    private static void until(BooleanSupplier condition) {
        until(condition, Duration.ofSeconds(10));
    }

    private static void until(BooleanSupplier condition, Duration atMost) {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited %s for a condition", atMost).isLessThan(deadline);
            Thread.onSpinWait();
        }
    }

    @Test
    void attempts_count_again_from_one_once_the_window_or_the_lock_has_ended() {
        String key = uniqueKey();
        limiter.reserve(FIVE_PER_QUARTER_HOUR, key);
        limiter.reserve(FIVE_PER_QUARTER_HOUR, key);
        clock.advance(Duration.ofMinutes(16));
        assertThat(limiter.reserve(FIVE_PER_QUARTER_HOUR, key).number()).isEqualTo(1);

        for (int i = 2; i <= 5; i++) {
            limiter.reserve(FIVE_PER_QUARTER_HOUR, key);
        }
        assertThat(limiter.reserve(FIVE_PER_QUARTER_HOUR, key).granted()).isFalse();
        clock.advance(Duration.ofMinutes(16));
        Attempt afterLock = limiter.reserve(FIVE_PER_QUARTER_HOUR, key);
        assertThat(afterLock.granted()).isTrue();
        assertThat(afterLock.number()).isEqualTo(1);
        assertThat(afterLock.isLast()).isFalse();
    }

    @Test
    void each_further_lock_of_a_doubling_policy_lasts_twice_as_long_up_to_the_longest() {
        AttemptPolicy doubling = AttemptPolicy.doubling("test-doubling", 2, Duration.ofMinutes(1), Duration.ofMinutes(1),
                Duration.ofMinutes(3));
        String key = uniqueKey();
        List<Duration> locks = new ArrayList<>();
        for (int lock = 0; lock < 3; lock++) {
            limiter.reserve(doubling, key);
            Instant now = clock.instant();
            Attempt last = limiter.reserve(doubling, key);
            locks.add(Duration.between(now, last.lockedUntil()).plusSeconds(1).truncatedTo(java.time.temporal.ChronoUnit.MINUTES));
            clock.advance(Duration.between(now, last.lockedUntil()).plusSeconds(1));
        }

        assertThat(locks).containsExactly(Duration.ofMinutes(1), Duration.ofMinutes(2), Duration.ofMinutes(3));
    }

    @Test
    void keys_and_kinds_count_apart() {
        String key = uniqueKey();
        AttemptPolicy other = AttemptPolicy.fixed("test-other", 1, Duration.ofMinutes(15), Duration.ofMinutes(15));
        limiter.reserve(other, key);

        assertThat(limiter.reserve(other, key).granted()).isFalse();
        assertThat(limiter.reserve(FIVE_PER_QUARTER_HOUR, key).number()).isEqualTo(1);
        assertThat(limiter.reserve(other, uniqueKey()).granted()).isTrue();
    }

    @Test
    void a_policy_whose_lock_is_shorter_than_its_window_is_refused() {
        assertThatThrownBy(() -> AttemptPolicy.fixed("short-lock", 5, Duration.ofMinutes(15), Duration.ofMinutes(5)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lasts at least its window");
        assertThatThrownBy(() -> AttemptPolicy.fixed("Bad Kind", 5, Duration.ofMinutes(1), Duration.ofMinutes(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> limiter.reserve(FIVE_PER_QUARTER_HOUR, "x".repeat(256)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void counters_idle_past_a_week_are_purged_while_recent_ones_and_running_locks_stay() {
        String idle = uniqueKey();
        String locked = uniqueKey();
        String recent = uniqueKey();
        AttemptPolicy monthLongLock = AttemptPolicy.fixed("test-month-lock", 1, Duration.ofMinutes(15), Duration.ofDays(30));
        limiter.reserve(FIVE_PER_QUARTER_HOUR, idle);
        limiter.reserve(monthLongLock, locked);
        clock.advance(AttemptLimiter.KEEP_IDLE.plusDays(1));
        limiter.reserve(FIVE_PER_QUARTER_HOUR, recent);

        limiter.purge();

        // Old sign-in failures are counters like these ("sign-in" kind): this is their retention.
        assertThat(jdbc.sql("SELECT subject FROM attempt_counter WHERE subject IN (?, ?, ?)")
                .params(idle, locked, recent).query(String.class).list()).containsExactlyInAnyOrder(locked, recent);
    }

    /** The counter as a connection outside the pool reads it: only what was committed. */
    private Integer attemptsSeenElsewhere(AttemptLimiter.Limit limit) throws SQLException {
        HikariDataSource pool = (HikariDataSource) dataSource;
        try (Connection elsewhere = DriverManager.getConnection(pool.getJdbcUrl(), pool.getUsername(), pool.getPassword());
             PreparedStatement read = elsewhere.prepareStatement("SELECT attempts FROM attempt_counter WHERE kind = ? AND subject = ?")) {
            read.setString(1, limit.policy().kind());
            read.setString(2, limit.key());
            try (ResultSet row = read.executeQuery()) {
                return row.next() ? row.getInt(1) : null;
            }
        }
    }

    private int attemptsOf(AttemptLimiter.Limit limit) {
        return jdbc.sql("SELECT attempts FROM attempt_counter WHERE kind = ? AND subject = ?")
                .params(limit.policy().kind(), limit.key()).query(Integer.class).single();
    }

    private static String uniqueKey() {
        return "test/" + UUID.randomUUID();
    }
}
