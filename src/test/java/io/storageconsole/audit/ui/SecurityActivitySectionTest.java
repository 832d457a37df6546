package io.storageconsole.audit.ui;

import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.mvysny.kaributesting.v10.GridKt;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.grid.Grid;
import io.storageconsole.account.ui.view.ProfileSettingsView;
import io.storageconsole.audit.AuditRows;
import io.storageconsole.audit.service.ActivityEntry;
import io.storageconsole.audit.service.AuditLog;
import io.storageconsole.audit.ui.component.SecurityActivitySection;
import io.storageconsole.base.event.AccountRef;
import io.storageconsole.base.event.SecurityEventType;
import io.storageconsole.security.SignedInAccount;
import io.storageconsole.testing.KaribuTest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class SecurityActivitySectionTest extends KaribuTest {

    private static final Instant MORNING = Instant.parse("2026-03-01T08:00:00Z");

    @Autowired
    private AuditLog writer;

    private AuditRows rows;
    private SignedInAccount root;
    private SignedInAccount anna;

    @BeforeEach
    void organization() {
        rows = new AuditRows(writer);
        root = testAccounts.newOrganization();
        anna = testAccounts.newSubUser(root);
    }

    @Test
    void the_user_sees_their_own_events_newest_first_and_nobody_elses() {
        SignedInAccount bert = testAccounts.newSubUser(root);
        rows.write(SecurityEventType.SIGN_IN, MORNING, anna, anna, null);
        rows.write(SecurityEventType.SIGN_IN_FAILED, MORNING.plusSeconds(60), null, anna, "Wrong password");
        rows.write(SecurityEventType.MFA_RESET, MORNING.plusSeconds(120), root, anna, null);
        rows.write(SecurityEventType.SUPPORT_SESSIONS_ENDED, MORNING.plusSeconds(180), new AccountRef(424242L,
                "member@support.example.com"), root.organizationId(), AuditRows.ref(anna), "Ticket 7");
        rows.write(SecurityEventType.SIGN_IN, MORNING.plusSeconds(240), bert, bert, null);
        rows.write(SecurityEventType.MFA_RESET, MORNING.plusSeconds(300), root, bert, null);

        signIn(anna);
        UI.getCurrent().navigate(ProfileSettingsView.class);
        List<ActivityEntry> shown = GridKt._fetch(grid(), 0, 50);

        assertThat(shown).extracting(ActivityEntry::event).startsWith("Sessions ended by support", "MFA reset",
                "Sign-in failed", "Signed in");
        assertThat(shown).filteredOn(entry -> entry.occurredAt().isAfter(MORNING.plusSeconds(200))).isEmpty();
        ActivityEntry signIn = shown.get(3);
        assertThat(List.of(signIn.by(), signIn.device(), signIn.ip())).containsExactly("You", "Chrome on Linux", "203.0.113.7");
        assertThat(GridKt._getFormatted(grid(), 3, "time")).isEqualTo("2026-03-01 08:00 UTC");
        ActivityEntry failed = shown.get(2);
        assertThat(List.of(failed.by(), failed.ip())).containsExactly("", "203.0.113.7");
        // Someone else's address is theirs: the root's and support's are not shown, nor a support member's email.
        ActivityEntry reset = shown.get(1);
        assertThat(List.of(reset.by(), reset.device(), reset.ip())).containsExactly(root.email(), "", "");
        ActivityEntry support = shown.get(0);
        assertThat(List.of(support.by(), support.ip(), support.details())).containsExactly("Support", "", "Ticket 7");
    }

    @Test
    void the_section_reads_a_page_at_a_time() {
        List<String> written = new ArrayList<>();
        for (int i = 0; i < 70; i++) {
            rows.write(SecurityEventType.SESSION_STARTED, MORNING.plusSeconds(i), anna, anna, "session " + i);
            written.add(0, "session " + i);
        }
        signIn(anna);
        UI.getCurrent().navigate(ProfileSettingsView.class);

        List<ActivityEntry> read = new ArrayList<>(GridKt._fetch(grid(), 0, 30));
        read.addAll(GridKt._fetch(grid(), 30, 30));
        read.addAll(GridKt._fetch(grid(), 60, 30));

        assertThat(read).extracting(ActivityEntry::details).startsWith(written.toArray(String[]::new));
    }

    @Test
    void an_account_without_events_is_told_so() {
        signIn(anna);
        UI.getCurrent().navigate(ProfileSettingsView.class);

        assertThat(GridKt._fetch(grid(), 0, 50)).isEmpty();
        assertThat(grid().getEmptyStateText()).isEqualTo(SecurityActivitySection.EMPTY);
    }

    @SuppressWarnings("unchecked")
    private static Grid<ActivityEntry> grid() {
        return _get(Grid.class, spec -> spec.withId("security-activity-grid"));
    }
}
