package io.storageconsole.security;

import java.util.Optional;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/** The account signed in on this thread, as services see it. */
public final class CurrentAccount {

    private CurrentAccount() {
    }

    /** The fully signed-in account, if any: a half-finished sign-in does not count. */
    public static Optional<SignedInAccount> find() {
        return findAnyStage().filter(SignedInAccount::isComplete);
    }

    /** The account on this thread at any sign-in stage, for the second-factor step itself. */
    public static Optional<SignedInAccount> findAnyStage() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication != null && authentication.isAuthenticated()
                && authentication.getPrincipal() instanceof SignedInAccount account) {
            return Optional.of(account);
        }
        return Optional.empty();
    }

    /** The fully signed-in account; a call without one is refused, whatever the view allowed. */
    public static SignedInAccount require() {
        return find().orElseThrow(() -> new AccessDeniedException("Not signed in"));
    }

    /** The fully signed-in account if it has {@code role}; anyone else is refused. */
    public static SignedInAccount requireRole(String role) {
        SignedInAccount me = require();
        if (!me.hasRole(role)) {
            throw new AccessDeniedException("Only " + role + " may do this");
        }
        return me;
    }

    /** The account that is between password and second factor; refused otherwise. */
    public static SignedInAccount requirePendingSecondFactor() {
        return findAnyStage().filter(account -> !account.isComplete())
                .orElseThrow(() -> new AccessDeniedException("No sign-in awaits a second factor"));
    }
}
