package io.storageconsole.account.service;

import io.storageconsole.account.domain.AccountRepository;
import io.storageconsole.base.database.ConflictRetry;
import jakarta.annotation.PreDestroy;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Lazy;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Brings an account's {@code last_sign_in_at} (the grid's, whose update triggers keep the sign-in rank
 * and the suffix rows) up to the sign-in its session's transaction committed (decision 0051): on a
 * thread of its own right after that commit, so the user does not wait for the rank's work, and again
 * for every account left behind at start-up and every few minutes, so a follow that failed or never
 * ran (a restart in between) is not lost: the committed sign-in stays in the account's row until then.
 */
// Created at start-up although beans are lazy (application.properties): its @Scheduled catch-up must run.
@Lazy(false)
@Component
public class LastSignInFollower {

    private static final Logger log = LoggerFactory.getLogger(LastSignInFollower.class);

    private final AccountRepository accounts;
    // One thread: each follow is one short statement, and they never wait for each other.
    private final ExecutorService follower = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "last-sign-in-follower");
        thread.setDaemon(true);
        return thread;
    });

    LastSignInFollower(AccountRepository accounts) {
        this.accounts = accounts;
    }

    /** Once the caller's transaction (which recorded the account's sign-in) committed; nothing if it rolls back. */
    void followAfterCommit(long accountId) {
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                try {
                    follower.execute(() -> follow(accountId));
                } catch (RejectedExecutionException shuttingDown) {
                    log.info("Last sign-in of account {} left for the next catch-up: shutting down", accountId);
                }
            }
        });
    }

    /** Every account whose committed sign-in {@code last_sign_in_at} has not followed; returns how many were followed. */
    @Scheduled(fixedDelayString = "${console.last-sign-in.catch-up-interval}", initialDelay = 0)
    public int catchUp() {
        List<Long> behind = ConflictRetry.read("Sign-ins not followed", accounts::findSignInsNotFollowed);
        int followed = 0;
        for (long accountId : behind) {
            followed += follow(accountId);
        }
        if (followed > 0) {
            log.info("Last sign-in of {} accounts caught up with their committed sign-ins", followed);
        }
        return followed;
    }

    /** One statement in autocommit (its own transaction), run again when it lost a conflict; a failure is logged and left for the catch-up. */
    private int follow(long accountId) {
        try {
            return ConflictRetry.run("Following the last sign-in", () -> accounts.followSignIn(accountId));
        } catch (RuntimeException e) {
            log.warn("Last sign-in of account {} not updated; the next catch-up tries again", accountId, e);
            return 0;
        }
    }

    @PreDestroy
    void stop() throws InterruptedException {
        follower.shutdown();
        if (!follower.awaitTermination(5, TimeUnit.SECONDS)) {
            log.warn("Sign-ins still to follow at shutdown are left for the next start-up's catch-up");
        }
    }
}
