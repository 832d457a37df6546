package io.storageconsole.audit.domain;

import io.storageconsole.base.database.MultiRowInsert;
import java.sql.Timestamp;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Audit rows with one multi-row insert (a bulk reset audits thousands of users). A batch of more
 * than one row lists its addresses in {@code audit_address} itself, before its rows, with one
 * multi-row insert, and marks its rows so that V143's per-row trigger passes them by (decision
 * 0066); a single row is listed by the trigger.
 */
@Repository
public class AuditEventBatch {

    private static final List<String> COLUMNS = List.of("occurred_at", "event_type", "actor_account_id", "actor_email",
            "organization_id", "target_account_id", "target_email", "details", "ip", "user_agent", "addresses_listed");
    private static final List<String> ADDRESS_COLUMNS = List.of("organization_id", "email");
    /**
     * One order for every batch, so that two batches take their records' locks in the same order. Any
     * total order would do; this one is close to the key's (the collation orders punctuation otherwise).
     */
    private static final Comparator<Address> KEY_ORDER = Comparator.comparingLong(Address::organizationId)
            .thenComparing(Address::email, String.CASE_INSENSITIVE_ORDER);

    private final JdbcTemplate jdbc;

    AuditEventBatch(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
    }

    public int insert(List<AuditEvent> events) {
        boolean listedHere = events.size() > 1;
        if (listedHere) {
            listAddresses(events);
        }
        return MultiRowInsert.insert(jdbc, "audit_event", COLUMNS, events.stream().map(event -> new Object[] {
                Timestamp.from(event.occurredAt()), event.eventType(), event.actorAccountId(), event.actorEmail(),
                event.organizationId(), event.targetAccountId(), event.targetEmail(), event.details(), event.ip(),
                event.userAgent(), listedHere}).toList());
    }

    /**
     * The batch's distinct addresses, as the trigger would list them, in {@link #KEY_ORDER}: two
     * batches beside each other do not deadlock. Before the rows, so that a marked row is never
     * without its addresses, in a transaction or not.
     */
    private void listAddresses(List<AuditEvent> events) {
        List<Object[]> addresses = events.stream()
                .filter(event -> event.organizationId() != null)
                .flatMap(event -> Stream.of(event.actorEmail(), event.targetEmail())
                        .filter(Objects::nonNull)
                        .map(email -> new Address(event.organizationId(), email)))
                .distinct()
                .sorted(KEY_ORDER)
                .map(address -> new Object[] {address.organizationId(), address.email()})
                .toList();
        MultiRowInsert.insertIgnoringDuplicates(jdbc, "audit_address", ADDRESS_COLUMNS, addresses);
    }

    private record Address(long organizationId, String email) {
    }
}
