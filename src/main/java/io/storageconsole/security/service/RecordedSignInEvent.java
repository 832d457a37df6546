package io.storageconsole.security.service;

import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.core.Authentication;

/**
 * A complete sign-in that {@link SignInSessions#startAfterCode} has recorded and audited already, in
 * the call that started its session (decision 0065). Listeners of a successful authentication see it
 * as any other; the account feature's recorder only lets the grid's last sign-in follow it.
 */
public class RecordedSignInEvent extends AuthenticationSuccessEvent {

    public RecordedSignInEvent(Authentication authentication) {
        super(authentication);
    }
}
