/**
 * Who is signed in (CurrentAccount, SignedInAccount, Roles, SignInRoutes), the attempt limiter and
 * the ports that the features implement for it (security.service), and the web adapters: filters,
 * handlers, the console-session cookie and the sign-in completion (security.web).
 */
@ApplicationModule(allowedDependencies = "base")
package io.storageconsole.security;

import org.springframework.modulith.ApplicationModule;
