package io.storageconsole.base.ui;

import com.vaadin.flow.component.applayout.AppLayout;
import com.vaadin.flow.component.applayout.DrawerToggle;
import com.vaadin.flow.component.avatar.Avatar;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.Icon;
import com.vaadin.flow.component.menubar.MenuBar;
import com.vaadin.flow.component.menubar.MenuBarVariant;
import com.vaadin.flow.component.contextmenu.MenuItem;
import com.vaadin.flow.component.contextmenu.SubMenu;
import com.vaadin.flow.component.orderedlayout.Scroller;
import com.vaadin.flow.component.sidenav.SideNav;
import com.vaadin.flow.component.sidenav.SideNavItem;
import com.vaadin.flow.router.Layout;
import com.vaadin.flow.server.menu.MenuConfiguration;
import com.vaadin.flow.server.menu.MenuEntry;
import com.vaadin.flow.spring.security.AuthenticationContext;
import jakarta.annotation.security.PermitAll;

/**
 * The console frame: a side menu of the views this user may open (the router's access control
 * decides, so the menu never offers a page that would be refused) and a user menu at the top right.
 */
@Layout
@PermitAll
public final class MainLayout extends AppLayout {

    public static final String PROFILE_SETTINGS = "Profile Settings";

    public MainLayout(AuthenticationContext authentication) {
        setPrimarySection(Section.DRAWER);
        Span brand = new Span("Storage Console · Security");
        brand.addClassName("console-brand");
        addToDrawer(brand, new Scroller(sideNav()));

        Div spacer = new Div();
        spacer.addClassName("console-navbar-spacer");
        addToNavbar(new DrawerToggle(), spacer, userMenu(authentication));
    }

    private static SideNav sideNav() {
        SideNav nav = new SideNav();
        nav.addClassName("console-side-nav");
        for (MenuEntry entry : MenuConfiguration.getMenuEntries()) {
            SideNavItem item = entry.icon() == null
                    ? new SideNavItem(entry.title(), entry.path())
                    : new SideNavItem(entry.title(), entry.path(), new Icon(entry.icon()));
            nav.addItem(item);
        }
        return nav;
    }

    private static MenuBar userMenu(AuthenticationContext authentication) {
        String email = authentication.getPrincipalName().orElse("");
        MenuBar menu = new MenuBar();
        menu.addThemeVariants(MenuBarVariant.LUMO_TERTIARY_INLINE);
        menu.setId("user-menu");
        Avatar avatar = new Avatar(email);
        avatar.addThemeVariants(com.vaadin.flow.component.avatar.AvatarVariant.LUMO_XSMALL);
        MenuItem user = menu.addItem(avatar);
        user.add(new Span(email));
        user.setAriaLabel("User menu");
        SubMenu items = user.getSubMenu();
        items.addItem(PROFILE_SETTINGS, e -> e.getSource().getUI().ifPresent(ui -> ui.navigate("profile")));
        items.addItem("Sign out", e -> authentication.logout());
        return menu;
    }
}
