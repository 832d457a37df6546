package io.storageconsole.security;

import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.sidenav.SideNavItem;
import io.storageconsole.security.ui.view.AccessDeniedView;
import io.storageconsole.account.ui.view.ProfileSettingsView;
import io.storageconsole.organization.ui.view.OrganizationPoliciesView;
import io.storageconsole.account.ui.view.UsersView;
import io.storageconsole.security.ui.view.LoginView;
import io.storageconsole.support.ui.view.SupportView;
import io.storageconsole.testing.KaribuTest;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AccessControlTest extends KaribuTest {

    @ParameterizedTest
    @ValueSource(strings = {"users", "organization-policies", "support", "audit-log"})
    void a_sub_user_is_refused_each_restricted_page_by_url(String path) {
        signIn(testAccounts.newSubUser(testAccounts.newOrganization()));

        UI.getCurrent().navigate(path);

        assertThat(_get(AccessDeniedView.class).getElement().getTextRecursively()).contains(AccessDeniedView.MESSAGE);
    }

    @Test
    void a_sub_user_menu_offers_profile_settings_only() {
        signIn(testAccounts.newSubUser(testAccounts.newOrganization()));
        UI.getCurrent().navigate(ProfileSettingsView.class);

        assertThat(menuLabels()).containsExactly("Profile Settings");
    }

    @Test
    void a_root_user_reaches_users_and_organization_wide_policies_but_not_support() {
        signIn(testAccounts.newOrganization());
        UI.getCurrent().navigate(UsersView.class);
        _get(UsersView.class);
        UI.getCurrent().navigate(OrganizationPoliciesView.class);
        _get(OrganizationPoliciesView.class);

        assertThat(menuLabels()).containsExactly("Profile Settings", "Users", "Organization-wide Policies", "Audit log");
        UI.getCurrent().navigate(SupportView.class);
        _get(AccessDeniedView.class);
    }

    @Test
    void support_reaches_support_but_no_organization_page() {
        signIn(testAccounts.newSupport());
        UI.getCurrent().navigate(SupportView.class);
        _get(SupportView.class);

        assertThat(menuLabels()).containsExactly("Profile Settings", "Support");
        UI.getCurrent().navigate(UsersView.class);
        _get(AccessDeniedView.class);
    }

    @Test
    void nobody_signed_in_is_sent_to_the_login_page() {
        UI.getCurrent().navigate(ProfileSettingsView.class);

        _get(LoginView.class);
    }

    private static List<String> menuLabels() {
        return _find(SideNavItem.class).stream().map(SideNavItem::getLabel).toList();
    }
}
