package io.storageconsole.audit.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.storageconsole.audit.AuditRows;
import io.storageconsole.audit.domain.AuditQuery;
import io.storageconsole.base.event.AccountRef;
import io.storageconsole.base.event.SecurityEvent;
import io.storageconsole.base.event.SecurityEventBatch;
import io.storageconsole.base.event.SecurityEventType;
import io.storageconsole.security.SignedInAccount;
import io.storageconsole.testing.IntegrationTest;
import io.storageconsole.testing.TestAccounts;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;

class OrganizationAuditLogTest extends IntegrationTest {

    private static final Instant DAY_ONE = Instant.parse("2026-03-01T10:00:00Z");
    /** After every row these tests write, before any that signing up wrote (at the clock's time). */
    private static final Instant LATER = DAY_ONE.plus(Duration.ofDays(10));

    @Autowired
    private OrganizationAuditLog auditLog;

    @Autowired
    private AuditLog writer;

    @Autowired
    private JdbcClient jdbc;

    private AuditRows rows;
    private SignedInAccount root;
    private SignedInAccount anna;
    private SignedInAccount bert;

    @BeforeEach
    void organization() {
        rows = new AuditRows(writer);
        root = testAccounts.newOrganization();
        anna = testAccounts.newSubUser(root);
        bert = testAccounts.newSubUser(root);
    }

    @Test
    void a_sub_user_is_refused_the_organizations_log_its_count_and_its_export() {
        TestAccounts.signIn(anna);

        assertLogRefused();
    }

    @Test
    void the_root_of_another_organization_is_refused() {
        TestAccounts.signIn(testAccounts.newOrganization());

        assertLogRefused();
    }

    @Test
    void support_is_refused_the_organizations_log_its_count_and_its_export() {
        TestAccounts.signIn(testAccounts.newSupport());

        assertLogRefused();
    }

    /** The organization's log, its count and its export refused in the service, nothing written or recorded. */
    private void assertLogRefused() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        assertThatThrownBy(() -> auditLog.page(root.organizationId(), AuditQuery.all(), 0, 10))
                .isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> auditLog.count(root.organizationId(), AuditQuery.all()))
                .isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> auditLog.exportCsv(root.organizationId(), AuditQuery.all(), out))
                .isInstanceOf(AccessDeniedException.class);
        assertThat(out.size()).as("bytes written before the refusal").isZero();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE event_type = 'AUDIT_LOG_EXPORTED' AND organization_id = ?")
                .param(root.organizationId()).query(Long.class).single()).as("no export recorded").isZero();
    }

    @Test
    void the_log_holds_the_organizations_events_only_newest_first() {
        rows.write(SecurityEventType.SIGN_IN, DAY_ONE, anna, anna, null);
        rows.write(SecurityEventType.MFA_RESET, DAY_ONE.plusSeconds(60), root, bert, null);
        SignedInAccount stranger = testAccounts.newOrganization();
        rows.write(SecurityEventType.SIGN_IN, DAY_ONE.plusSeconds(30), stranger, stranger, null);
        TestAccounts.signIn(root);

        List<AuditEntry> page = auditLog.page(root.organizationId(), new AuditQuery(null, null, DAY_ONE, LATER), 0, 50);

        assertThat(page).extracting(AuditEntry::type, AuditEntry::target)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("MFA_RESET", bert.email()),
                        org.assertj.core.groups.Tuple.tuple("SIGN_IN", anna.email()));
        assertThat(page.get(1).event()).isEqualTo("Signed in");
        assertThat(page.get(1).device()).isEqualTo("Chrome on Linux");
        assertThat(page.get(1).ip()).isEqualTo("203.0.113.7");
    }

    @Test
    void the_user_filter_finds_the_text_anywhere_in_the_actor_or_the_target_address() {
        rows.write(SecurityEventType.SIGN_IN, DAY_ONE, anna, anna, null);
        rows.write(SecurityEventType.MFA_RESET, DAY_ONE.plusSeconds(1), root, bert, null);
        rows.write(SecurityEventType.SESSION_ENDED_BY_OTHER, DAY_ONE.plusSeconds(2), bert, anna, null);
        TestAccounts.signIn(root);
        String middleOfBert = bert.email().substring(2, bert.email().indexOf('@') + 3).toUpperCase();

        assertThat(types(new AuditQuery(middleOfBert, null, DAY_ONE, LATER)))
                .containsExactly("SESSION_ENDED_BY_OTHER", "MFA_RESET");
        assertThat(types(new AuditQuery(anna.email(), null, DAY_ONE, LATER)))
                .containsExactly("SESSION_ENDED_BY_OTHER", "SIGN_IN");
        assertThat(auditLog.count(root.organizationId(), new AuditQuery(anna.email(), null, DAY_ONE, LATER))).isEqualTo(2);
        assertThat(auditLog.count(root.organizationId(), new AuditQuery(middleOfBert, null, DAY_ONE, LATER)))
                .as("bert as target once and as actor once").isEqualTo(2);
        assertThat(types(new AuditQuery("nobody-has-this", null, null, LATER))).isEmpty();
        assertThat(auditLog.count(root.organizationId(), new AuditQuery("nobody-has-this", null, null, LATER))).isZero();
    }

    @Test
    void a_complete_address_finds_that_user_only_and_part_of_it_finds_every_address_containing_it() {
        rows.write(SecurityEventType.SIGN_IN, DAY_ONE, anna, anna, null);
        AccountRef longer = new AccountRef(null, "jo" + anna.email());
        rows.write(SecurityEventType.SIGN_IN, DAY_ONE.plusSeconds(1), longer, root.organizationId(), longer, null);
        TestAccounts.signIn(root);

        assertThat(auditLog.page(root.organizationId(), new AuditQuery(anna.email(), null, DAY_ONE, LATER), 0, 10))
                .extracting(AuditEntry::target).containsExactly(anna.email());
        assertThat(auditLog.page(root.organizationId(), new AuditQuery(anna.email().substring(0, 12), null, DAY_ONE, LATER),
                0, 10)).extracting(AuditEntry::target).containsExactly(longer.email(), anna.email());
    }

    @Test
    void a_user_filter_that_many_addresses_match_gives_the_same_rows_as_one_that_few_match() {
        // Past 64 matching addresses the search scans the time index instead of reading each address's range.
        String run = "m" + Long.toHexString(System.nanoTime()).substring(6);
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 70; i++) {
            String email = run + "-" + i + "@many.example.com";
            rows.write(SecurityEventType.SIGN_IN, DAY_ONE.plusSeconds(i), new AccountRef(null, email), root.organizationId(),
                    new AccountRef(null, email), null);
            expected.add(0, email);
        }
        TestAccounts.signIn(root);

        List<String> many = auditLog.page(root.organizationId(), new AuditQuery(run + "-", null, null, null), 0, 100)
                .stream().map(AuditEntry::target).toList();
        List<String> few = auditLog.page(root.organizationId(), new AuditQuery(run + "-6", null, null, null), 0, 100)
                .stream().map(AuditEntry::target).toList();

        assertThat(many).containsExactlyElementsOf(expected);
        assertThat(few).containsExactlyElementsOf(expected.stream().filter(email -> email.startsWith(run + "-6")).toList());
        assertThat(auditLog.count(root.organizationId(), new AuditQuery(run + "-", null, null, null))).isEqualTo(70);
    }

    @Test
    void an_address_is_found_by_part_of_it_right_after_its_first_audit_row_written_alone_or_in_a_batch() {
        // "contains" lists the addresses from audit_address (decision 0048): each write must list its new ones.
        String run = "n" + Long.toHexString(System.nanoTime()).substring(6);
        AccountRef alone = new AccountRef(null, run + "-alone@new.example.com");
        rows.write(SecurityEventType.SIGN_IN, DAY_ONE, alone, root.organizationId(), alone, null);
        TestAccounts.signIn(root);

        assertThat(types(new AuditQuery(run + "-alone", null, null, null))).containsExactly("SIGN_IN");

        // The bulk reset's route: one SecurityEventBatch, one multi-row insert, a new target address in each row.
        List<SecurityEvent> batch = IntStream.range(0, 3).mapToObj(i -> new SecurityEvent(SecurityEventType.MFA_RESET,
                DAY_ONE.plusSeconds(1 + i), AuditRows.ref(root), root.organizationId(),
                new AccountRef(null, run + "-bulk" + i + "@new.example.com"), "bulk", AuditRows.FROM_LINUX)).toList();
        writer.recordAll(new SecurityEventBatch(batch));

        assertThat(auditLog.page(root.organizationId(), new AuditQuery(run + "-bulk", null, null, null), 0, 10))
                .extracting(AuditEntry::target)
                .containsExactly(run + "-bulk2@new.example.com", run + "-bulk1@new.example.com", run + "-bulk0@new.example.com");
        assertThat(auditLog.count(root.organizationId(), new AuditQuery(run, null, null, null))).isEqualTo(4);
        assertThat(jdbc.sql("SELECT email FROM audit_address WHERE organization_id = ?").param(root.organizationId())
                .query(String.class).list()).as("the organization's addresses, each once, and no other")
                .containsExactlyInAnyOrderElementsOf(jdbc.sql("SELECT actor_email FROM audit_event WHERE organization_id = ? "
                                + "AND actor_email IS NOT NULL UNION SELECT target_email FROM audit_event WHERE organization_id = ? "
                                + "AND target_email IS NOT NULL")
                        .params(root.organizationId(), root.organizationId()).query(String.class).list());
    }

    @Test
    void a_user_filters_count_adds_the_actor_rows_up_to_the_cap_and_says_more_than_the_cap_past_it() {
        // The targets are counted first, the actors only while the targets are under the cap.
        String run = "c" + Long.toHexString(System.nanoTime()).substring(6);
        AccountRef user = new AccountRef(null, run + "@count.example.com");
        AccountRef other = new AccountRef(null, "other-" + run + "@x.example.com");
        AuditQuery query = new AuditQuery(run + "@count", null, null, null);
        writeBatch(null, user, (int) OrganizationAuditLog.COUNT_CAP - 1);
        writeBatch(user, other, 1);
        TestAccounts.signIn(root);

        assertThat(auditLog.count(root.organizationId(), query)).as("the cap exactly").isEqualTo(OrganizationAuditLog.COUNT_CAP);

        writeBatch(null, user, 1);
        assertThat(auditLog.count(root.organizationId(), query)).as("the targets at the cap and one actor row")
                .isEqualTo(OrganizationAuditLog.COUNT_CAP + 1);

        writeBatch(null, user, 1);
        assertThat(auditLog.count(root.organizationId(), query)).as("the targets alone past the cap")
                .isEqualTo(OrganizationAuditLog.COUNT_CAP + 1);
    }

    private void writeBatch(AccountRef actor, AccountRef target, int events) {
        writer.recordAll(new SecurityEventBatch(IntStream.range(0, events).mapToObj(i -> new SecurityEvent(
                SecurityEventType.SIGN_IN, DAY_ONE.plusSeconds(i), actor, root.organizationId(), target, null,
                AuditRows.FROM_LINUX)).toList()));
    }

    @Test
    void the_type_and_the_time_range_filter_with_the_start_included_and_the_end_excluded() {
        rows.write(SecurityEventType.SIGN_IN, DAY_ONE, anna, anna, null);
        rows.write(SecurityEventType.SIGN_IN, DAY_ONE.plus(Duration.ofDays(1)), anna, anna, null);
        rows.write(SecurityEventType.MFA_ACTIVATED, DAY_ONE.plus(Duration.ofDays(1)), anna, anna, null);
        rows.write(SecurityEventType.SIGN_IN, DAY_ONE.plus(Duration.ofDays(2)), anna, anna, null);
        TestAccounts.signIn(root);

        assertThat(auditLog.page(root.organizationId(), new AuditQuery(null, "SIGN_IN",
                DAY_ONE.plus(Duration.ofDays(1)), DAY_ONE.plus(Duration.ofDays(2))), 0, 10))
                .extracting(AuditEntry::occurredAt).containsExactly(DAY_ONE.plus(Duration.ofDays(1)));
        assertThat(auditLog.count(root.organizationId(), new AuditQuery(null, "SIGN_IN", DAY_ONE, LATER))).isEqualTo(3);
        assertThat(auditLog.count(root.organizationId(), new AuditQuery(null, "MFA_ACTIVATED", DAY_ONE, LATER))).isEqualTo(1);
    }

    @Test
    void pages_read_in_turn_are_the_whole_log_once_newest_first() {
        IntStream.range(0, 35).forEach(i -> rows.write(SecurityEventType.SIGN_IN, DAY_ONE.plusSeconds(i % 7), anna, anna,
                "event " + i));
        TestAccounts.signIn(root);
        AuditQuery query = new AuditQuery(anna.email(), null, null, LATER);

        List<AuditEntry> whole = auditLog.page(root.organizationId(), query, 0, 100);
        List<AuditEntry> paged = new ArrayList<>();
        for (int offset = 0; offset < 35; offset += 10) {
            paged.addAll(auditLog.page(root.organizationId(), query, offset, 10));
        }

        assertThat(whole).hasSize(35);
        assertThat(paged).containsExactlyElementsOf(whole);
        assertThat(whole).isSortedAccordingTo((a, b) -> b.occurredAt().compareTo(a.occurredAt()) != 0
                ? b.occurredAt().compareTo(a.occurredAt()) : Long.compare(b.id(), a.id()));
    }

    @Test
    void the_csv_has_utc_times_and_cells_that_neither_break_out_nor_run_as_formulas() throws Exception {
        String formula = "=HYPERLINK(\"http://evil.example\")@x.example";
        rows.write(SecurityEventType.SUB_USER_ADDED, Instant.parse("2026-03-01T23:30:05.25Z"), AuditRows.ref(root),
                root.organizationId(), new AccountRef(null, formula), "line one, \"quoted\"\nline two");
        TestAccounts.signIn(root);
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        long written = auditLog.exportCsv(root.organizationId(), new AuditQuery(null, "SUB_USER_ADDED", DAY_ONE, LATER), out);

        String csv = out.toString(StandardCharsets.UTF_8);
        assertThat(written).isEqualTo(1);
        assertThat(csv).startsWith(OrganizationAuditLog.CSV_HEADER + "\r\n");
        assertThat(csv).contains("2026-03-01T23:30:05.250Z,User added,SUB_USER_ADDED," + root.email() + ","
                + "\"'=HYPERLINK(\"\"http://evil.example\"\")@x.example\",203.0.113.7,Chrome on Linux,"
                + "\"line one, \"\"quoted\"\"\nline two\"\r\n");
        assertThat(csv.lines().filter(line -> line.startsWith("=") || line.contains(",=") || line.contains("\"="))).isEmpty();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE event_type = 'AUDIT_LOG_EXPORTED' AND actor_account_id = ?")
                .param(root.accountId()).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void no_csv_cell_starts_with_a_character_that_a_spreadsheet_runs_as_a_formula() throws Exception {
        // Each of = + - @ at the start of an address an attacker registers, or of the details.
        List<String> planted = List.of("+SUM(1,2)@x.example", "-2+3@x.example", "@SUM(1)@x.example", "=1+1@x.example");
        for (int i = 0; i < planted.size(); i++) {
            rows.write(SecurityEventType.SUB_USER_ADDED, DAY_ONE.plusSeconds(i), AuditRows.ref(root), root.organizationId(),
                    new AccountRef(null, planted.get(i)), "=cmd|' /C calc'!A0\r\n@evil");
        }
        TestAccounts.signIn(root);
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        long written = auditLog.exportCsv(root.organizationId(), new AuditQuery(null, "SUB_USER_ADDED", DAY_ONE, LATER), out);

        String csv = out.toString(StandardCharsets.UTF_8);
        assertThat(written).isEqualTo(planted.size());
        for (String address : planted) {
            assertThat(csv).contains("'" + address).doesNotContain("," + address).doesNotContain(",\"" + address);
        }
        assertThat(csv).contains(",\"'=cmd|' /C calc'!A0\r\n@evil\"\r\n");
    }

    private List<String> types(AuditQuery query) {
        return auditLog.page(root.organizationId(), query, 0, 50).stream().map(AuditEntry::type).toList();
    }
}
