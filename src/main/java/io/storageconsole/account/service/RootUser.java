package io.storageconsole.account.service;

import io.storageconsole.security.CurrentAccount;
import io.storageconsole.security.Roles;
import io.storageconsole.security.SignedInAccount;
import java.util.Objects;
import org.springframework.security.access.AccessDeniedException;

/** The check every sub-user service makes first: the caller is the root user of this organization. */
final class RootUser {

    private RootUser() {
    }

    /** Refuses anyone but the root user of this organization. */
    static SignedInAccount requireRootOf(long organizationId) {
        SignedInAccount me = CurrentAccount.require();
        if (!me.hasRole(Roles.ROOT) || !Objects.equals(me.organizationId(), organizationId)) {
            throw new AccessDeniedException("Not the root user of organization " + organizationId);
        }
        return me;
    }

    /** The calling root user, whose organization is the only one they govern. */
    static SignedInAccount requireRoot() {
        SignedInAccount me = CurrentAccount.require();
        return requireRootOf(me.organizationId() == null ? -1 : me.organizationId());
    }
}
