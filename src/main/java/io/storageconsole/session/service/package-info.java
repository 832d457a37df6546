@NamedInterface("service")
package io.storageconsole.session.service;

import org.springframework.modulith.NamedInterface;
