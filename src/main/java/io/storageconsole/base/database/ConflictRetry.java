package io.storageconsole.base.database;

import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.PessimisticLockingFailureException;

/**
 * Runs a whole transaction again when the database says it lost a conflict and rolled it back: a
 * deadlock (MariaDB 1213; on Galera also a certification failure at commit), a lock wait timeout
 * (1205), or a transaction lost in a failover to another database node. On one server the loser
 * would have waited for the winner's commit and then run; running it again does the same, and reads
 * what the winner wrote: a claimed TOTP step or a changed version is then refused as it would be
 * there. Bounded, with a random pause that grows, so two losers do not collide again in step.
 * See docs/decisions/0018-conflicting-transactions-run-again.md.
 */
public final class ConflictRetry {

    /** Runs of one transaction at most, the first included. */
    public static final int RUNS = 6;
    private static final Duration LONGEST_PAUSE = Duration.ofMillis(400);
    private static final int DEADLOCK = 1213;
    private static final int LOCK_WAIT_TIMEOUT = 1205;
    /** MariaDB Connector/J after a failover inside a transaction: "In progress transaction was lost". */
    private static final String TRANSACTION_LOST = "25S03";
    private static final Logger log = LoggerFactory.getLogger(ConflictRetry.class);

    private ConflictRetry() {
    }

    /** Runs {@code transaction} (which must begin and end a transaction of its own) until it is not a lost conflict. */
    public static <T> T run(String what, Supplier<T> transaction) {
        for (int run = 1; ; run++) {
            try {
                return transaction.get();
            } catch (RuntimeException e) {
                if (run == RUNS || !isLostConflict(e)) {
                    throw e;
                }
                log.debug("{} lost a conflict (run {} of {}), running it again: {}", what, run, RUNS, e.getMessage());
                pause(run);
            }
        }
    }

    /** Whether the database rolled the transaction back because another one won (or its node went away). */
    public static boolean isLostConflict(Throwable thrown) {
        for (Throwable cause = thrown; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof PessimisticLockingFailureException) {
                return true;
            }
            if (cause instanceof SQLException sql && (sql.getErrorCode() == DEADLOCK || sql.getErrorCode() == LOCK_WAIT_TIMEOUT
                    || TRANSACTION_LOST.equals(sql.getSQLState()))) {
                return true;
            }
        }
        return false;
    }

    private static void pause(int run) {
        long longest = Math.min(LONGEST_PAUSE.toMillis(), 10L << run);
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(1, longest + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting to run a transaction again", e);
        }
    }
}
