package io.storageconsole.base.ui;

import com.vaadin.flow.component.HasElement;
import com.vaadin.flow.component.applayout.AppLayout;
import com.vaadin.flow.component.applayout.DrawerToggle;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Header;
import com.vaadin.flow.component.icon.Icon;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.popover.Popover;
import com.vaadin.flow.component.popover.PopoverPosition;
import com.vaadin.flow.component.popover.PopoverVariant;
import com.vaadin.flow.component.orderedlayout.Scroller;
import com.vaadin.flow.component.sidenav.SideNav;
import com.vaadin.flow.component.sidenav.SideNavItem;
import com.vaadin.flow.router.Layout;
import com.vaadin.flow.server.menu.MenuConfiguration;
import com.vaadin.flow.server.menu.MenuEntry;
import com.vaadin.flow.spring.security.AuthenticationContext;
import io.storageconsole.base.ui.component.FrameBanner;
import jakarta.annotation.security.PermitAll;
import java.util.List;

/**
 * The console frame: a side menu of the views this user may open (the router's access control
 * decides, so the menu never offers a page that would be refused) and a user menu at the top right.
 */
@Layout
@PermitAll
public final class MainLayout extends AppLayout {

    public static final String PROFILE_SETTINGS = "Profile Settings";
    private static final String PROFILE_ROUTE = "profile";

    public MainLayout(AuthenticationContext authentication, List<FrameBanner> banners) {
        setPrimarySection(Section.DRAWER);
        // The console's name heads the drawer as its banner: outside a landmark it is content no
        // landmark holds (axe: region); inside the side nav it would be a second, unlabelled nav.
        Header brand = new Header();
        brand.setText("Storage Console · Security");
        brand.addClassName("console-brand");
        addToDrawer(brand, new Scroller(sideNav()));

        Div spacer = new Div();
        spacer.addClassName("console-navbar-spacer");
        addToNavbar(new DrawerToggle(), spacer);
        if (authentication.isAuthenticated()) {
            addToNavbar(userMenu(authentication));
            Div shown = new Div();
            shown.addClassName("console-banners");
            banners.forEach(banner -> banner.create().ifPresent(shown::add));
            if (shown.getComponentCount() > 0) {
                addToNavbar(shown);
            }
        }
        addAttachListener(attach -> BrowserZone.learn(attach.getUI()));
    }

    /** The page's own content is the main landmark, so that assistive technology can jump to it. */
    @Override
    public void showRouterLayoutContent(HasElement content) {
        super.showRouterLayoutContent(content);
        if (content != null) {
            content.getElement().setAttribute("role", "main");
        }
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

    /**
     * The user menu: a button with the account's email that opens a popover with two plain
     * controls. Not a menu bar: its items carry aria-selected, which a menu item may not (axe).
     */
    private Component userMenu(AuthenticationContext authentication) {
        String email = authentication.getPrincipalName().orElse("");
        // An icon, not an avatar: an avatar is focusable, and inside a button it would be a
        // focusable element under the button's aria-hidden prefix (axe: aria-hidden-focus).
        Button open = new Button(email, VaadinIcon.USER.create());
        open.addThemeVariants(ButtonVariant.LUMO_TERTIARY_INLINE);
        open.setId("user-menu");
        open.setAriaLabel("User menu: " + email);

        Popover popover = new Popover();
        popover.setTarget(open);
        popover.setPosition(PopoverPosition.BOTTOM_END);
        popover.setAriaLabel("User menu");
        popover.addThemeVariants(PopoverVariant.ARROW);
        Anchor profile = new Anchor(PROFILE_ROUTE, PROFILE_SETTINGS);
        profile.getElement().setAttribute("router-link", true);
        profile.addClassName("console-user-menu-item");
        profile.getElement().addEventListener("click", click -> popover.close());
        Button signOut = new Button("Sign out", click -> authentication.logout());
        signOut.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        signOut.addClassName("console-user-menu-item");
        VerticalLayout items = new VerticalLayout(profile, signOut);
        items.setPadding(false);
        items.setSpacing(false);
        popover.add(items);
        return new Div(open, popover);
    }
}
