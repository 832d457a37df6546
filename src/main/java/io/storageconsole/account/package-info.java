/**
 * Accounts and their passwords: sign-up of a root user, provisioning, Profile Settings' account and
 * password, and the root user's Users page (sub-user administration, its grid and its SQL). Owns the
 * account table but its mfa_state column, which the MFA feature writes.
 */
@ApplicationModule(allowedDependencies = {"base", "security", "security::service"})
package io.storageconsole.account;

import org.springframework.modulith.ApplicationModule;
