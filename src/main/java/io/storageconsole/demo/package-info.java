/** Demo accounts for the embedded default, made through the features' own provisioning. */
@ApplicationModule(allowedDependencies = {"base", "organization::service", "account::service", "mfa::service"})
package io.storageconsole.demo;

import org.springframework.modulith.ApplicationModule;
