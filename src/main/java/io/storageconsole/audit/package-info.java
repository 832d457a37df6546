/**
 * The append-only audit log: listens to every security event, shows each user their own security
 * activity (a Profile Settings section) and the root user their organization's log. Nobody depends
 * on it; it answers support's SecurityHistory port (support::history) for the account page.
 */
@ApplicationModule(allowedDependencies = {"base", "security", "support::history"})
package io.storageconsole.audit;

import org.springframework.modulith.ApplicationModule;
