/** The sub-user grid and the password confirmation, which Organization-wide Policies composes. */
@NamedInterface("ui")
package io.storageconsole.account.ui.component;

import org.springframework.modulith.NamedInterface;
