/**
 * Organizations: sign-up, and the root user's Organization-wide Policies (MFA enforcement, session
 * lifetime, the MFA grid of sub-users, which composes the account, MFA and session features). Owns the
 * organization table.
 */
@ApplicationModule(allowedDependencies = {"base", "security", "account::service", "account::model", "account::ui",
        "mfa::service", "session::service"})
package io.storageconsole.organization;

import org.springframework.modulith.ApplicationModule;
