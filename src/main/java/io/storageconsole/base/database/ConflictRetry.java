package io.storageconsole.base.database;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.transaction.support.TransactionSynchronizationManager;

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
    /**
     * MariaDB Connector/J with a failover URL, after it reconnected to another node: "In progress
     * transaction was lost", or, outside a transaction, the statement was not run.
     */
    private static final String TRANSACTION_LOST = "25S03";
    /** MariaDB's "Connection was killed". */
    private static final int CONNECTION_KILLED = 1927;
    /** SQLSTATE class of a trigger's {@code SIGNAL}: a rule of ours refused the change. */
    private static final String SIGNALLED_RULE = "45";
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

    /**
     * Runs a read made outside any transaction (one query, or several that need not agree) again
     * when its connection was lost or it lost a conflict: a read changes nothing, so running it again
     * is always safe, whatever the driver managed to send. Inside a transaction it runs once, and
     * the transaction that began is run again instead: a connection lost in the middle of it lost
     * what it had done before, which this read alone cannot redo.
     */
    public static <T> T read(String what, Supplier<T> read) {
        if (TransactionSynchronizationManager.isActualTransactionActive()) {
            return read.get();
        }
        for (int run = 1; ; run++) {
            try {
                return read.get();
            } catch (RuntimeException e) {
                if (run == RUNS || !isLostConflict(e) && !isLostConnection(e)) {
                    throw e;
                }
                // A lost connection is rare (a database node went away) and worth a line; conflicts are everyday.
                if (isLostConnection(e)) {
                    log.info("{} lost its connection (run {} of {}), reading again", what, run, RUNS);
                } else {
                    log.debug("{} lost a conflict (run {} of {}), reading again: {}", what, run, RUNS, e.getMessage());
                }
                pause(run);
            }
        }
    }

    /**
     * Whether the statement's connection broke (the driver's 08 errors), was killed, or was replaced
     * by the driver's failover: whatever was in progress on it is gone, a COMMIT perhaps excepted, so
     * only a read may simply be made again. Not the pool's "no connection available" (a
     * {@link java.sql.SQLTransientConnectionException} after its whole timeout): that waited enough.
     */
    public static boolean isLostConnection(Throwable thrown) {
        for (Throwable cause = thrown; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof SQLNonTransientConnectionException || cause instanceof SQLException sql
                    && (sql.getErrorCode() == CONNECTION_KILLED || TRANSACTION_LOST.equals(sql.getSQLState()))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether trying again in a moment could succeed where every run failed: a conflict lost each
     * time, a connection lost each time, or no connection to be had (the pool's timeout). What the
     * user is then told is "busy, try again", never an error page. Not a rule of ours that a trigger
     * signals (SQLSTATE class 45), though the driver hands that on as a transient exception: trying
     * again breaks it again, and it is a fault to log, not a busy database.
     */
    public static boolean isBusy(Throwable thrown) {
        if (isLostConflict(thrown) || isLostConnection(thrown)) {
            return true;
        }
        for (Throwable cause = thrown; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (signalled(cause)) {
                return false;
            }
            if (cause instanceof SQLTransientException) {
                return true;
            }
            // The rollback after a lost connection fails too ("Connection is closed") and hides what failed first.
            if (cause instanceof TransactionSystemException rollbackFailed && rollbackFailed.getApplicationException() != null
                    && isBusy(rollbackFailed.getApplicationException())) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a rule of ours refused the statement: a trigger's {@code SIGNAL} (SQLSTATE class 45).
     * MariaDB's driver hands a class it does not know on as {@link java.sql.SQLTransientConnectionException},
     * which Spring makes a transient error; trying again breaks the rule again.
     */
    public static boolean isSignalledRule(Throwable thrown) {
        for (Throwable cause = thrown; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (signalled(cause)) {
                return true;
            }
        }
        return false;
    }

    private static boolean signalled(Throwable cause) {
        return cause instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith(SIGNALLED_RULE);
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
