package io.storageconsole.base.database;

import static org.assertj.core.api.Assertions.assertThat;

import io.storageconsole.audit.domain.AuditEvent;
import io.storageconsole.audit.domain.AuditEventBatch;
import io.storageconsole.testing.IntegrationTest;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A statement with a null parameter is one command to the server, not a prepare to learn the
 * parameter's type first (decision 0046). On Galera a transaction that another node's write set
 * aborted is told so on its next command; when that command was Spring's question about a type,
 * Spring dropped the deadlock error and the rest of the transaction ran in a new one: a TOTP code
 * was accepted on both nodes and a sub-user changed by two roots at once, each told it won.
 */
class NullParameterTest extends IntegrationTest {

    @Autowired
    private JdbcClient jdbc;

    @Autowired
    private AuditEventBatch auditRows;

    @Autowired
    private TransactionTemplate transactions;

    @Test
    void a_null_parameter_sends_no_prepare_before_its_statement() {
        long prepares = transactions.execute(status -> {
            long before = preparesOfThisConnection();
            auditRows.insert(List.of(new AuditEvent(null, Instant.now(), "NULL_PARAMETER_PROBE", null, null, null,
                    null, null, null, null, null)));
            jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE event_type = ? AND details <=> ?")
                    .params("NULL_PARAMETER_PROBE", null).query(Long.class).single();
            return preparesOfThisConnection() - before;
        });

        assertThat(prepares).as("server-side prepares sent for statements with null parameters").isZero();
    }

    /** The connection's count of COM_STMT_PREPARE commands; in a transaction, the transaction's connection. */
    private long preparesOfThisConnection() {
        return jdbc.sql("SHOW SESSION STATUS LIKE 'Com_stmt_prepare'").query((rs, n) -> rs.getLong(2)).single();
    }
}
