@NamedInterface("service")
package io.storageconsole.mfa.service;

import org.springframework.modulith.NamedInterface;
