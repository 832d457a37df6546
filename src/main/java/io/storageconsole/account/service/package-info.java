@NamedInterface("service")
package io.storageconsole.account.service;

import org.springframework.modulith.NamedInterface;
