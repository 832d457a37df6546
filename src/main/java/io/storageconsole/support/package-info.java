/** The support back-office (issue 9). */
@ApplicationModule(allowedDependencies = {"base", "security"})
package io.storageconsole.support;

import org.springframework.modulith.ApplicationModule;
