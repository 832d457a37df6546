/**
 * The support back-office (issue 9, decision 0015): the customer's help request from the second
 * sign-in step, the queue and searches, the account page, identity verification by a mailed code,
 * and actions with reason and ticket (four eyes on a root's MFA reset). Owns the support_request,
 * support_verification and support_reset_approval tables; acts on other features only through
 * their support-only service methods, and reads the audit log through its SecurityHistory port
 * (support::history), which the audit feature implements.
 */
@ApplicationModule(allowedDependencies = {"base", "security", "security::service", "account::service",
        "account::model", "mfa::service", "organization::service", "session::service"})
package io.storageconsole.support;

import org.springframework.modulith.ApplicationModule;
