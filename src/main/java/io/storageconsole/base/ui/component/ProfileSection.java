package io.storageconsole.base.ui.component;

import com.vaadin.flow.component.Component;

/**
 * A section that a feature contributes to Profile Settings (MFA, sessions, …), so the page can
 * show them without depending on those features. Implementations are Spring beans.
 */
public interface ProfileSection {

    /** Sections appear in ascending order; the account's own sections come first. */
    int order();

    /** A new component for one page instance. */
    Component create();
}
