package io.storageconsole.session.ui;

import static com.github.mvysny.kaributesting.v10.LocatorJ._click;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.mvysny.kaributesting.v10.GridKt;
import com.github.mvysny.kaributesting.v10.NotificationsKt;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Paragraph;
import io.storageconsole.account.ui.view.ProfileSettingsView;
import io.storageconsole.organization.service.SessionLifetimeSettings;
import io.storageconsole.security.SignedInAccount;
import io.storageconsole.session.SessionRows;
import io.storageconsole.session.service.ActiveSession;
import io.storageconsole.session.ui.component.ActiveSessionsSection;
import io.storageconsole.testing.KaribuTest;
import io.storageconsole.testing.TestAccounts;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

class ActiveSessionsSectionTest extends KaribuTest {

    @Autowired
    private JdbcClient jdbc;

    @Autowired
    private SessionLifetimeSettings settings;

    private SessionRows rows;

    @BeforeEach
    void rows() {
        rows = new SessionRows(jdbc);
    }

    @AfterEach
    void leaveBrowser() {
        SessionRows.leaveBrowser();
    }

    @Test
    void profile_settings_lists_the_users_own_live_sessions_and_marks_this_browser() {
        SignedInAccount root = testAccounts.newOrganization();
        SignedInAccount user = testAccounts.newSubUser(root);
        Instant now = clock.instant();
        long phone = rows.open(user, SessionRows.FIREFOX_ON_MACOS, "198.51.100.2", now.minus(Duration.ofDays(5)),
                now.minus(Duration.ofHours(3)));
        long here = rows.open(user, SessionRows.CHROME_ON_WINDOWS, "198.51.100.1", now.minus(Duration.ofDays(2)), now);
        rows.open(user, SessionRows.CHROME_ON_WINDOWS, "198.51.100.3", now.minus(Duration.ofDays(40)),
                now.minus(Duration.ofDays(31)));
        rows.open(root, SessionRows.CHROME_ON_WINDOWS, "198.51.100.4", now, now);

        openProfile(user, here);

        Grid<ActiveSession> grid = grid();
        assertThat(GridKt._size(grid)).isEqualTo(2);
        assertThat(GridKt._get(grid, 0).id()).isEqualTo(here);
        assertThat(cellText(grid, 0, "device")).isEqualTo("Chrome on Windows" + ActiveSessionsSection.THIS_BROWSER);
        assertThat(GridKt._getFormattedRow(grid, GridKt._get(grid, 0))).contains("198.51.100.1", "Just now");
        assertThat(cellText(grid, 0, "actions")).isEmpty();
        assertThat(GridKt._get(grid, 1).id()).isEqualTo(phone);
        assertThat(cellText(grid, 1, "device")).isEqualTo("Firefox on macOS");
        assertThat(GridKt._getFormattedRow(grid, GridKt._get(grid, 1))).contains("198.51.100.2", "3 hours ago");
    }

    @Test
    void sign_out_on_a_row_ends_that_session_only() {
        SignedInAccount user = testAccounts.newSubUser(testAccounts.newOrganization());
        Instant now = clock.instant();
        long phone = rows.open(user, SessionRows.FIREFOX_ON_MACOS, "198.51.100.2", now, now);
        long here = rows.open(user, SessionRows.CHROME_ON_WINDOWS, "198.51.100.1", now, now);
        openProfile(user, here);
        Grid<ActiveSession> grid = grid();

        _click((Button) GridKt._getCellComponent(grid, 1, "actions"));

        NotificationsKt.expectNotifications("Firefox on macOS was signed out. Its next request goes to the sign-in page.");
        assertThat(GridKt._size(grid)).isEqualTo(1);
        assertThat(rows.endReasonOf(phone)).isEqualTo("ENDED_BY_USER");
        assertThat(rows.endReasonOf(here)).isNull();
        assertThat(signOutOthers().isEnabled()).isFalse();
    }

    @Test
    void sign_out_all_other_sessions_leaves_this_browser() {
        SignedInAccount user = testAccounts.newSubUser(testAccounts.newOrganization());
        Instant now = clock.instant();
        long phone = rows.open(user, SessionRows.FIREFOX_ON_MACOS, "198.51.100.2", now, now);
        long laptop = rows.open(user, SessionRows.FIREFOX_ON_MACOS, "198.51.100.3", now, now);
        long here = rows.open(user, SessionRows.CHROME_ON_WINDOWS, "198.51.100.1", now, now);
        openProfile(user, here);

        _click(signOutOthers());

        NotificationsKt.expectNotifications("2 other sessions were signed out.");
        assertThat(GridKt._size(grid())).isEqualTo(1);
        assertThat(rows.endReasonOf(phone)).isEqualTo("ENDED_BY_USER");
        assertThat(rows.endReasonOf(laptop)).isEqualTo("ENDED_BY_USER");
        assertThat(rows.endReasonOf(here)).isNull();
    }

    @Test
    void the_section_states_the_organizations_session_lifetime() {
        SignedInAccount root = testAccounts.newOrganization();
        TestAccounts.signIn(root);
        settings.change(Duration.ofMinutes(90), true, 7);
        long here = rows.open(root, SessionRows.CHROME_ON_WINDOWS, "198.51.100.1", clock.instant(), clock.instant());

        openProfile(root, here);

        assertThat(_get(_get(ActiveSessionsSection.class), Paragraph.class).getText())
                .contains("ends after 90 minutes without activity, and 7 days after signing in at the latest");
    }

    @Test
    void support_staff_see_their_sessions_too() {
        SignedInAccount support = testAccounts.newSupport();
        long here = rows.open(support, SessionRows.CHROME_ON_WINDOWS, "198.51.100.1", clock.instant(), clock.instant());

        openProfile(support, here);

        assertThat(GridKt._size(grid())).isEqualTo(1);
        assertThat(_get(_get(ActiveSessionsSection.class), Paragraph.class).getText()).contains("30 days without activity.");
    }

    private void openProfile(SignedInAccount account, long thisBrowsersSession) {
        SessionRows.actAsBrowserOf(thisBrowsersSession);
        signIn(account);
        UI.getCurrent().navigate(ProfileSettingsView.class);
    }

    @SuppressWarnings("unchecked")
    private static Grid<ActiveSession> grid() {
        return _get(_get(ActiveSessionsSection.class), Grid.class);
    }

    private static Button signOutOthers() {
        return _get(Button.class, spec -> spec.withText(ActiveSessionsSection.SIGN_OUT_OTHERS));
    }

    private static String cellText(Grid<ActiveSession> grid, int row, String column) {
        return GridKt._getCellComponent(grid, row, column).getElement().getTextRecursively();
    }
}
