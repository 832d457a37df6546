package io.storageconsole.audit.ui.component;

import io.storageconsole.audit.service.SecurityActivity;
import io.storageconsole.base.ui.component.ProfileSection;

@org.springframework.stereotype.Component
class SecurityActivityProfileSection implements ProfileSection {

    private final SecurityActivity activity;

    SecurityActivityProfileSection(SecurityActivity activity) {
        this.activity = activity;
    }

    /** After MFA (10) and the active sessions (20). */
    @Override
    public int order() {
        return 30;
    }

    @Override
    public com.vaadin.flow.component.Component create() {
        return new SecurityActivitySection(activity);
    }
}
