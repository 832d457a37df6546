/** The attempt limiter and the ports that the features implement for sign-in. */
@NamedInterface("service")
package io.storageconsole.security.service;

import org.springframework.modulith.NamedInterface;
