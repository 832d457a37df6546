package io.storageconsole.session.ui.component;

import io.storageconsole.base.ui.component.ProfileSection;
import io.storageconsole.session.service.MySessions;
import java.time.Clock;

@org.springframework.stereotype.Component
class ActiveSessionsProfileSection implements ProfileSection {

    private final MySessions sessions;
    private final Clock clock;

    ActiveSessionsProfileSection(MySessions sessions, Clock clock) {
        this.sessions = sessions;
        this.clock = clock;
    }

    /** After MFA (10). */
    @Override
    public int order() {
        return 20;
    }

    @Override
    public com.vaadin.flow.component.Component create() {
        return new ActiveSessionsSection(sessions, clock);
    }
}
