/** Notices by mail through the outbox: listens to security events. Nobody depends on it. */
@ApplicationModule(allowedDependencies = {"base", "security::service"})
package io.storageconsole.notification;

import org.springframework.modulith.ApplicationModule;
