package io.storageconsole.base.database;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.transaction.TransactionManagerCustomizers;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.InfrastructureProxy;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.jdbc.support.JdbcTransactionManager;

/**
 * Transactions without autocommit switches (decision 0060). The pool's connections start with
 * autocommit off, and only the transaction manager takes them from the pool itself: a transaction
 * then costs its statements and its {@code COMMIT}, where it used to cost a {@code set autocommit=0}
 * before and a {@code set autocommit=1} after, two more round trips (MariaDB's driver sends one only
 * when the state changes). Everything else (repositories, {@code JdbcClient}, Flyway, batches) gets
 * the pool as the {@code DataSource} bean, {@link AutocommitDataSource}, which switches autocommit
 * on for them: a statement outside a transaction commits on its own, as before.
 */
@Configuration(proxyBeanMethods = false)
class TransactionalConnections {

    /** Whichever pool is configured (the embedded default's or Spring Boot's for an external URL). */
    @Bean
    static BeanPostProcessor autocommitOnlyOutsideTransactions() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (bean instanceof HikariDataSource pool) {
                    pool.setAutoCommit(false);
                    return new AutocommitDataSource(pool);
                }
                return bean;
            }
        };
    }

    /** The one transaction manager, on the pool itself (Spring Boot's, which it replaces, would take the bean). */
    @Bean
    JdbcTransactionManager transactionManager(DataSource dataSource, ObjectProvider<TransactionManagerCustomizers> customizers) {
        JdbcTransactionManager transactions = new JdbcTransactionManager(AutocommitDataSource.pool(dataSource));
        customizers.ifAvailable(all -> all.customize(transactions));
        return transactions;
    }

    /**
     * The pool as everyone but the transaction manager sees it: each connection taken outside a
     * transaction has autocommit on (the pool switches it off again when it is returned). Inside a
     * transaction, Spring finds the transaction's connection through it ({@link InfrastructureProxy}:
     * both are the same resource key).
     */
    static final class AutocommitDataSource extends DelegatingDataSource implements InfrastructureProxy {

        AutocommitDataSource(HikariDataSource pool) {
            super(pool);
        }

        static HikariDataSource pool(DataSource dataSource) {
            if (!(dataSource instanceof AutocommitDataSource autocommit)) {
                throw new IllegalStateException("The DataSource bean is not the console's pool: " + dataSource);
            }
            return (HikariDataSource) autocommit.obtainTargetDataSource();
        }

        @Override
        public Connection getConnection() throws SQLException {
            return autocommitted(obtainTargetDataSource().getConnection());
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            return autocommitted(obtainTargetDataSource().getConnection(username, password));
        }

        @Override
        public Object getWrappedObject() {
            return obtainTargetDataSource();
        }

        /**
         * The pool, as the wrapped {@code DataSource}: Spring Boot derives the migration user's pool
         * from it ({@code SPRING_FLYWAY_USER}, {@code DataSourceBuilder.derivedFrom}), which needs a
         * pool it can copy, not this wrapper.
         */
        @Override
        @SuppressWarnings("unchecked")
        public <T> T unwrap(Class<T> iface) throws SQLException {
            return iface == DataSource.class ? (T) obtainTargetDataSource() : super.unwrap(iface);
        }

        private static Connection autocommitted(Connection connection) throws SQLException {
            try {
                connection.setAutoCommit(true);
                return connection;
            } catch (SQLException | RuntimeException e) {
                connection.close();
                throw e;
            }
        }
    }
}
