package io.storageconsole.security;

import java.util.Optional;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/** The account signed in on this thread, as services see it. */
public final class CurrentAccount {

    private CurrentAccount() {
    }

    public static Optional<SignedInAccount> find() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication != null && authentication.isAuthenticated()
                && authentication.getPrincipal() instanceof SignedInAccount account) {
            return Optional.of(account);
        }
        return Optional.empty();
    }

    /** The signed-in account; a call without one is refused, whatever the view allowed. */
    public static SignedInAccount require() {
        return find().orElseThrow(() -> new AccessDeniedException("Not signed in"));
    }
}
