/** The web adapters; only SignInCompletion is for the MFA view, which finishes a sign-in after its second step. */
@NamedInterface("web")
package io.storageconsole.security.web;

import org.springframework.modulith.NamedInterface;
