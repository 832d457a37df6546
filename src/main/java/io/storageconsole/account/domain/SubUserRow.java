package io.storageconsole.account.domain;

import org.springframework.modulith.NamedInterface;

import java.time.Instant;

/**
 * One sub-user as the grids show it: no password hash, and the version the viewer saw, so that a
 * change made from this row is refused if someone else changed the user in the meantime.
 */
@NamedInterface("model")
public record SubUserRow(long id, String email, boolean consoleAccess, MfaState mfaState,
                         Instant lastSignInAt, Instant createdAt, int version) {
}
