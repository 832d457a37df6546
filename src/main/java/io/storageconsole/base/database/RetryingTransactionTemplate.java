package io.storageconsole.base.database;

import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionCallback;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The programmatic transaction of every service: a transaction it begins is run again when it lost a
 * conflict ({@link ConflictRetry}); one it joins is left to whoever began it.
 */
public class RetryingTransactionTemplate extends TransactionTemplate {

    public RetryingTransactionTemplate(PlatformTransactionManager transactions) {
        super(transactions);
    }

    @Override
    public <T> T execute(TransactionCallback<T> action) {
        if (!beginsTransaction(getPropagationBehavior())) {
            return super.execute(action);
        }
        return ConflictRetry.run("A transaction", () -> super.execute(action));
    }

    static boolean beginsTransaction(int propagation) {
        return propagation == TransactionDefinition.PROPAGATION_REQUIRES_NEW
                || propagation == TransactionDefinition.PROPAGATION_REQUIRED
                && !TransactionSynchronizationManager.isActualTransactionActive();
    }
}
