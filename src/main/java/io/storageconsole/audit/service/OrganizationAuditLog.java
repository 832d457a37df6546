package io.storageconsole.audit.service;

import io.storageconsole.audit.domain.AuditQuery;
import io.storageconsole.audit.domain.AuditSearch;
import io.storageconsole.base.event.AccountRef;
import io.storageconsole.base.event.SecurityEventType;
import io.storageconsole.base.event.SecurityEvents;
import io.storageconsole.base.text.CsvCells;
import io.storageconsole.security.CurrentAccount;
import io.storageconsole.security.Roles;
import io.storageconsole.security.SignedInAccount;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Objects;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The root user's "Audit log": the events of their organization, filtered, paged and counted in SQL,
 * and exported as CSV row by row as the database streams them. Only the root user of that
 * organization, whatever the view allowed.
 */
@Service
public class OrganizationAuditLog {

    /** A grid asks for a screenful or two; anything larger is an export. */
    public static final int MAX_PAGE_SIZE = 500;
    /** A count above this says only "more than" ({@link AuditSearch#COUNT_CAP}). */
    public static final long COUNT_CAP = AuditSearch.COUNT_CAP;
    static final String CSV_HEADER = "Time (UTC),Event,Event type,Actor,Target,IP address,Browser,Details";

    private final AuditSearch search;
    private final SecurityEvents events;

    OrganizationAuditLog(AuditSearch search, SecurityEvents events) {
        this.search = search;
        this.events = events;
    }

    @Transactional(readOnly = true)
    @PreAuthorize("hasRole('" + Roles.ROOT + "')")
    public List<AuditEntry> page(long organizationId, AuditQuery query, long offset, int limit) {
        requireRootOf(organizationId);
        if (offset < 0 || limit < 0 || limit > MAX_PAGE_SIZE) {
            throw new IllegalArgumentException("A page is 0 to " + MAX_PAGE_SIZE + " rows from offset 0 on");
        }
        return search.page(organizationId, query, offset, limit).stream().map(AuditEntry::of).toList();
    }

    /** How many events match, exactly up to {@link #COUNT_CAP}; more than that is {@code COUNT_CAP + 1}. */
    @Transactional(readOnly = true)
    @PreAuthorize("hasRole('" + Roles.ROOT + "')")
    public long count(long organizationId, AuditQuery query) {
        requireRootOf(organizationId);
        return search.countUpToCap(organizationId, query);
    }

    /**
     * Writes every matching event to {@code out} as CSV, newest first, times in UTC (ISO-8601), and
     * returns how many rows it wrote. Leaves {@code out} open.
     */
    @PreAuthorize("hasRole('" + Roles.ROOT + "')")
    public long exportCsv(long organizationId, AuditQuery query, OutputStream out) throws IOException {
        SignedInAccount me = requireRootOf(organizationId);
        // Recorded before the first row leaves, so that an export cut short is on record too.
        events.publish(SecurityEventType.AUDIT_LOG_EXPORTED, new AccountRef(me.accountId(), me.email()),
                organizationId, null, "Exported the audit log as CSV: " + describe(query));
        Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
        writer.write(CSV_HEADER);
        writer.write("\r\n");
        long[] rows = {0};
        try {
            search.forEach(organizationId, query, event -> {
                writeRow(writer, AuditEntry.of(event));
                rows[0]++;
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        writer.flush();
        return rows[0];
    }

    private static void writeRow(Writer writer, AuditEntry entry) {
        try {
            writer.write(String.join(",", DateTimeFormatter.ISO_INSTANT.format(entry.occurredAt()),
                    CsvCells.cell(entry.event()), CsvCells.cell(entry.type()), CsvCells.cell(entry.actor()),
                    CsvCells.cell(entry.target()), CsvCells.cell(entry.ip()), CsvCells.cell(entry.device()),
                    CsvCells.cell(entry.details())));
            writer.write("\r\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static SignedInAccount requireRootOf(long organizationId) {
        SignedInAccount me = CurrentAccount.require();
        if (!me.hasRole(Roles.ROOT) || !Objects.equals(me.organizationId(), organizationId)) {
            throw new AccessDeniedException("Not the root user of organization " + organizationId);
        }
        return me;
    }

    private static String describe(AuditQuery query) {
        return "user contains \"" + Objects.requireNonNullElse(query.userContains(), "") + "\", event type "
                + Objects.requireNonNullElse(query.eventType(), "any") + ", from "
                + (query.from() == null ? "the start" : query.from()) + " until "
                + (query.until() == null ? "now" : query.until()) + " (UTC)";
    }
}
