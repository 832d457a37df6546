package io.storageconsole.base.ui.component;

import com.vaadin.flow.component.Component;

/**
 * What the second sign-in step offers someone who lost their authenticator and has no recovery code
 * left: support's request for help. The support feature contributes it (a Spring bean), so the MFA
 * page shows it without depending on that feature.
 */
public interface LostAuthenticatorHelp {

    /** A new component for one page instance. */
    Component create();
}
