/**
 * Multi-factor authentication: enrolment, codes and recovery codes, the second sign-in step, the
 * root user's MFA actions on sub-users. Owns the MFA state of accounts (account.mfa_state), the
 * credential and recovery-code tables, and decides the sign-in stage after the password.
 */
@ApplicationModule(allowedDependencies = {"base", "security", "security::service", "security::web",
        "account::service", "account::model"})
package io.storageconsole.mfa;

import org.springframework.modulith.ApplicationModule;
