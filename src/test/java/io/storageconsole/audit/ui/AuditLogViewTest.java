package io.storageconsole.audit.ui;

import static com.github.mvysny.kaributesting.v10.LocatorJ._assertNone;
import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static com.github.mvysny.kaributesting.v10.LocatorJ._setValue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.mvysny.kaributesting.v10.GridKt;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.datepicker.DatePicker;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.sidenav.SideNavItem;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.server.VaadinSession;
import io.storageconsole.audit.AuditRows;
import io.storageconsole.audit.domain.AuditQuery;
import io.storageconsole.audit.service.AuditEntry;
import io.storageconsole.audit.service.AuditLog;
import io.storageconsole.audit.service.OrganizationAuditLog;
import io.storageconsole.audit.ui.view.AuditLogView;
import io.storageconsole.base.event.SecurityEventType;
import io.storageconsole.base.ui.BrowserZone;
import io.storageconsole.security.SignedInAccount;
import io.storageconsole.security.ui.view.AccessDeniedView;
import io.storageconsole.testing.KaribuTest;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.access.AccessDeniedException;

class AuditLogViewTest extends KaribuTest {

    private static final LocalDate MARCH_1 = LocalDate.of(2026, 3, 1);

    @Autowired
    private AuditLog writer;

    @Autowired
    private OrganizationAuditLog auditLog;

    private SignedInAccount root;
    private SignedInAccount anna;
    private SignedInAccount bert;

    @BeforeEach
    void organizationWithEvents() {
        AuditRows rows = new AuditRows(writer);
        root = testAccounts.newOrganization();
        anna = testAccounts.newSubUser(root);
        bert = testAccounts.newSubUser(root);
        // 23:00 on 1 March in Auckland (UTC+13), then 00:30 on 2 March there; both on 1 March in UTC.
        rows.write(SecurityEventType.SIGN_IN, Instant.parse("2026-03-01T10:00:00Z"), anna, anna, null);
        rows.write(SecurityEventType.MFA_RESET, Instant.parse("2026-03-01T11:30:00Z"), root, bert, "Reset by the root user");
        rows.write(SecurityEventType.SIGN_IN, Instant.parse("2026-03-03T08:00:00Z"), bert, bert, null);
    }

    @Test
    void the_root_sees_the_organizations_events_newest_first_with_readable_labels_and_a_count() {
        openAsRoot();
        _setValue(_get(DatePicker.class, spec -> spec.withLabel("From")), MARCH_1);
        _setValue(_get(DatePicker.class, spec -> spec.withLabel("To")), MARCH_1.plusDays(2));

        assertThat(matching()).isEqualTo("3 events match");
        assertThat(rows()).extracting(AuditEntry::event).containsExactly("Signed in", "MFA reset", "Signed in");
        assertThat(GridKt._getFormatted(grid(), 1, "time")).isEqualTo("2026-03-01 11:30 UTC");
        assertThat(GridKt._getFormatted(grid(), 1, "actor")).isEqualTo(root.email());
        assertThat(GridKt._getFormatted(grid(), 1, "target")).isEqualTo(bert.email());
        assertThat(GridKt._getFormatted(grid(), 1, "device")).isEqualTo("Chrome on Linux");
        assertThat(_get(Anchor.class, spec -> spec.withText("Export CSV")).getHref()).isNotBlank();
        assertThat(_find(SideNavItem.class)).extracting(SideNavItem::getLabel).contains("Audit log");
    }

    @Test
    void the_user_and_the_event_type_filter_the_rows_and_the_count() {
        openAsRoot();
        _setValue(_get(DatePicker.class, spec -> spec.withLabel("From")), MARCH_1);

        _setValue(_get(TextField.class, spec -> spec.withLabel("User email contains")), bert.email().substring(1, 9));
        assertThat(rows()).extracting(AuditEntry::type).containsExactly("SIGN_IN", "MFA_RESET");
        assertThat(matching()).isEqualTo("2 events match");

        @SuppressWarnings("unchecked")
        Select<SecurityEventType> type = _get(Select.class, spec -> spec.withLabel("Event type"));
        assertThat(type.getItemLabelGenerator().apply(SecurityEventType.MFA_RESET)).isEqualTo("MFA reset");
        _setValue(type, SecurityEventType.MFA_RESET);
        assertThat(rows()).extracting(AuditEntry::target).containsExactly(bert.email());
        assertThat(matching()).isEqualTo("1 event matches");
    }

    @Test
    void the_dates_are_days_in_the_browsers_time_zone_both_included() {
        BrowserZone.remember(VaadinSession.getCurrent(), ZoneId.of("Pacific/Auckland"));
        openAsRoot();

        _setValue(_get(DatePicker.class, spec -> spec.withLabel("From")), MARCH_1.plusDays(1));
        _setValue(_get(DatePicker.class, spec -> spec.withLabel("To")), MARCH_1.plusDays(1));

        assertThat(rows()).extracting(AuditEntry::type).containsExactly("MFA_RESET");
        assertThat(GridKt._getFormatted(grid(), 0, "time")).isEqualTo("2026-03-02 00:30 NZDT");

        _setValue(_get(DatePicker.class, spec -> spec.withLabel("From")), MARCH_1);
        _setValue(_get(DatePicker.class, spec -> spec.withLabel("To")), MARCH_1);
        assertThat(rows()).extracting(AuditEntry::type).containsExactly("SIGN_IN");
    }

    @Test
    void a_range_that_ends_before_it_starts_is_refused_on_the_to_field() {
        openAsRoot();
        _setValue(_get(DatePicker.class, spec -> spec.withLabel("From")), MARCH_1.plusDays(2));
        _setValue(_get(DatePicker.class, spec -> spec.withLabel("To")), MARCH_1);

        DatePicker to = _get(DatePicker.class, spec -> spec.withLabel("To"));
        assertThat(to.isInvalid()).isTrue();
        assertThat(to.getErrorMessage()).isEqualTo("The end date is before the start date.");

        _setValue(to, MARCH_1.plusDays(2));
        assertThat(to.isInvalid()).isFalse();
        assertThat(rows()).extracting(AuditEntry::type).containsExactly("SIGN_IN");
    }

    @Test
    void a_filter_that_matches_nothing_says_so() {
        openAsRoot();

        _setValue(_get(TextField.class, spec -> spec.withLabel("User email contains")), "nobody-has-this-address");

        assertThat(matching()).isEqualTo("0 events match");
        assertThat(rows()).isEmpty();
        assertThat(grid().getEmptyStateText()).isEqualTo("No events match.");
    }

    @Test
    void the_grid_reads_the_log_a_page_at_a_time_newest_first() {
        AuditRows rows = new AuditRows(writer);
        for (int i = 0; i < 60; i++) {
            rows.write(SecurityEventType.SESSION_STARTED, Instant.parse("2026-02-01T00:00:00Z").plusSeconds(i), anna, anna,
                    "session " + i);
        }
        openAsRoot();
        _setValue(_get(Select.class, spec -> spec.withLabel("Event type")), SecurityEventType.SESSION_STARTED);

        List<AuditEntry> first = GridKt._fetch(grid(), 0, 25);
        List<AuditEntry> second = GridKt._fetch(grid(), 25, 25);
        List<AuditEntry> last = GridKt._fetch(grid(), 50, 25);

        assertThat(first).extracting(AuditEntry::details).startsWith("session 59", "session 58");
        assertThat(second.get(0).details()).isEqualTo("session 34");
        assertThat(last).extracting(AuditEntry::details).endsWith("session 0").hasSize(10);
        assertThat(matching()).isEqualTo("60 events match");
    }

    @Test
    void a_sub_user_can_neither_open_the_audit_log_nor_read_it_through_the_service() {
        signIn(anna);
        UI.getCurrent().navigate(io.storageconsole.account.ui.view.ProfileSettingsView.class);
        assertThat(_find(SideNavItem.class)).extracting(SideNavItem::getLabel).doesNotContain("Audit log");

        UI.getCurrent().navigate("audit-log");

        assertThat(_get(AccessDeniedView.class).getElement().getTextRecursively()).contains(AccessDeniedView.MESSAGE);
        _assertNone(AuditLogView.class);
        assertThatThrownBy(() -> auditLog.page(root.organizationId(), AuditQuery.all(), 0, 10))
                .isInstanceOf(AccessDeniedException.class);
    }

    private void openAsRoot() {
        signIn(root);
        UI.getCurrent().navigate(AuditLogView.class);
    }

    @SuppressWarnings("unchecked")
    private static Grid<AuditEntry> grid() {
        return _get(Grid.class);
    }

    private static List<AuditEntry> rows() {
        return GridKt._fetch(grid(), 0, 100);
    }

    private static String matching() {
        return _get(Span.class, spec -> spec.withId("matching-events")).getText();
    }
}
