@NamedInterface("service")
package io.storageconsole.organization.service;

import org.springframework.modulith.NamedInterface;
