package io.storageconsole.account.service;

import io.storageconsole.account.domain.SubUserRanks;
import io.storageconsole.account.domain.SubUserRanks.Split;
import io.storageconsole.account.domain.SubUserSignInRanks;
import java.util.List;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Lazy;
import org.springframework.dao.DataAccessException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keeps the buckets of the email rank and of the sign-in rank (decision 0039) near
 * {@link SubUserRanks#PIECE} rows: cuts the large ones, merges small neighbours. Each cut or merge is its own short READ COMMITTED transaction that fails
 * at once where a bucket is in use (left for the next round); a page reads correct rows from any
 * bucket, only more slowly from a large one. Deliberately not the retrying transaction template:
 * nothing here should wait or run again while others work.
 */
// Created at start-up although beans are lazy (application.properties): its @Scheduled task must run.
@Lazy(false)
@Component
public class SubUserRankBalancer {

    private static final Logger log = LoggerFactory.getLogger(SubUserRankBalancer.class);

    private final SubUserRanks ranks;
    private final SubUserSignInRanks signInRanks;
    private final TransactionTemplate readCommitted;

    SubUserRankBalancer(SubUserRanks ranks, SubUserSignInRanks signInRanks, PlatformTransactionManager transactions) {
        this.ranks = ranks;
        this.signInRanks = signInRanks;
        this.readCommitted = new TransactionTemplate(transactions);
        readCommitted.setIsolationLevel(TransactionDefinition.ISOLATION_READ_COMMITTED);
        readCommitted.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    @Scheduled(fixedDelayString = "${console.sub-user-ranks.rebalance-interval:5s}",
            initialDelayString = "${console.sub-user-ranks.rebalance-interval:5s}")
    public void rebalanceNow() {
        rebalance(ranks);
        rebalance(signInRanks);
    }

    /**
     * One round over every organization; returns how many buckets were cut or merged. Repeat until
     * it returns 0 to balance everything that is not in use.
     */
    public int rebalance(SubUserRanks withSizes) {
        return rebalance("Email rank", withSizes.oversized(), withSizes::split, withSizes::mergeable, withSizes::merge);
    }

    /** As {@link #rebalance(SubUserRanks)}, for the sign-in rank (V140). */
    public int rebalance(SubUserSignInRanks withSizes) {
        return rebalance("Sign-in rank", withSizes.oversized(), withSizes::split, withSizes::mergeable, withSizes::merge);
    }

    /** Cuts first, then merges: the pairs are read after the cuts, which may make some. */
    private <B> int rebalance(String rank, List<B> oversized, Function<B, Split> split, Supplier<List<List<B>>> mergeable,
                              BiPredicate<B, B> merge) {
        int changed = 0;
        for (B bucket : oversized) {
            Split done = attempt(rank, () -> split.apply(bucket), Split.class);
            if (done != null && done.drift() != null) {
                log.error("{} out of step, not cut: {}", rank, done.drift());
            } else if (done != null && done.done()) {
                changed++;
            }
        }
        for (List<B> pair : mergeable.get()) {
            if (Boolean.TRUE.equals(attempt(rank, () -> merge.test(pair.get(0), pair.get(1)), Boolean.class))) {
                changed++;
            }
        }
        return changed;
    }

    private <T> T attempt(String rank, Supplier<T> work, Class<T> type) {
        try {
            return readCommitted.execute(status -> {
                T result = work.get();
                if (!(result instanceof Split split && split.done()) && !Boolean.TRUE.equals(result)) {
                    status.setRollbackOnly();
                }
                return type.cast(result);
            });
        } catch (DataAccessException inUse) {
            // A lock another transaction holds (innodb_lock_wait_timeout 0): the next round tries again.
            log.debug("{} bucket in use, left for the next round: {}", rank, inUse.getMessage());
            return null;
        }
    }
}
