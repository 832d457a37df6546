package io.storageconsole.account.domain;

import org.springframework.modulith.NamedInterface;

import java.time.Instant;

/**
 * One sub-user as the grids show it: no password hash, and the version the viewer saw, so that a
 * change made from this row is refused if someone else changed the user in the meantime.
 */
@NamedInterface("model")
public record SubUserRow(long id, String email, boolean consoleAccess, MfaState mfaState,
                         Instant lastSignInAt, Instant createdAt, int version, boolean invited) {

    public static final String CONSOLE = "Console and API keys";
    public static final String INVITED = "Invited";
    public static final String API_KEYS_ONLY = "API keys only";

    /** What the user may use, as every grid and sheet says it; an invitation not yet accepted is "Invited". */
    public String accessLabel() {
        return consoleAccess ? CONSOLE : invited ? INVITED : API_KEYS_ONLY;
    }
}
