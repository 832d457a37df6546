/** The append-only audit log: listens to every security event. Nobody depends on it. */
@ApplicationModule(allowedDependencies = {"base"})
package io.storageconsole.audit;

import org.springframework.modulith.ApplicationModule;
