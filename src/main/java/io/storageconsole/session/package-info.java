/**
 * Console sessions: the per-request check, Active sessions in Profile Settings, the root user's view
 * of a sub-user's sessions, their end when credentials change, and the purge. Owns console_session.
 */
@ApplicationModule(allowedDependencies = {"base", "security", "security::service", "account::service"})
package io.storageconsole.session;

import org.springframework.modulith.ApplicationModule;
