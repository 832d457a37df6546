/**
 * The append-only audit log: listens to every security event. Nobody depends on it; it answers
 * support's SecurityHistory port (support::history) for the account page.
 */
@ApplicationModule(allowedDependencies = {"base", "security", "support::history"})
package io.storageconsole.audit;

import org.springframework.modulith.ApplicationModule;
