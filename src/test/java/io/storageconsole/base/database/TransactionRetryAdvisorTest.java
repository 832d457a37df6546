package io.storageconsole.base.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLTransientConnectionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The retry advisor runs again every method whose transaction Spring begins, whatever its
 * visibility: Spring's transaction interceptor also serves package-private methods (on class
 * proxies), so a package-private listener that lost its database node must be run again too.
 */
class TransactionRetryAdvisorTest {

    /** What MariaDB Connector/J throws when it failed over to another node mid-transaction. */
    private static final String FAILED_OVER = "25S03";

    @Test
    void a_package_private_transaction_that_lost_its_database_node_runs_again() {
        Listener listener = proxied(new Listener());

        listener.onEvent();

        assertThat(listener.runs()).as("runs: the failed one and the one after it").isEqualTo(2);
    }

    @Test
    void a_public_transaction_that_lost_its_database_node_runs_again() {
        Listener listener = proxied(new Listener());

        listener.onPublicEvent();

        assertThat(listener.runs()).isEqualTo(2);
    }

    @Test
    void a_method_that_joins_its_callers_transaction_is_not_run_again_on_its_own() {
        Listener listener = proxied(new Listener());

        // The caller, which began the transaction, is the one to run it again.
        assertThatThrownBy(listener::insideCallersTransaction).isInstanceOf(TransientDataAccessResourceException.class);
        assertThat(listener.runs()).isEqualTo(1);
    }

    private static Listener proxied(Listener target) {
        ProxyFactory factory = new ProxyFactory(target);
        factory.setProxyTargetClass(true);
        factory.addAdvisor(TransactionRetryConfiguration.transactionRetryAdvisor());
        return (Listener) factory.getProxy();
    }

    static class Listener {

        private final AtomicInteger runs = new AtomicInteger();

        /** Read through the proxy, which passes it to the target (the proxy's own fields stay empty). */
        int runs() {
            return runs.get();
        }

        @Transactional(propagation = Propagation.REQUIRES_NEW)
        void onEvent() {
            failTheFirstRun();
        }

        @Transactional
        public void onPublicEvent() {
            failTheFirstRun();
        }

        @Transactional(propagation = Propagation.MANDATORY)
        void insideCallersTransaction() {
            failTheFirstRun();
        }

        private void failTheFirstRun() {
            if (runs.incrementAndGet() == 1) {
                throw new TransientDataAccessResourceException("PreparedStatementCallback",
                        new SQLTransientConnectionException("Driver has reconnect connection after a communications "
                                + "link failure with 127.0.0.1:31300", FAILED_OVER));
            }
        }
    }
}
