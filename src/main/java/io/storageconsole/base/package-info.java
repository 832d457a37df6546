/**
 * The shared kernel: events every feature publishes, service exceptions, the database toolbox
 * (embedded server, multi-row inserts, anchored paging), time formats and the console frame. An open
 * module: every feature may use all of it, and it depends on no feature.
 */
@ApplicationModule(type = ApplicationModule.Type.OPEN, allowedDependencies = {})
package io.storageconsole.base;

import org.springframework.modulith.ApplicationModule;
