package io.storageconsole.account.domain;

import org.springframework.modulith.NamedInterface;

@NamedInterface("model")
public enum AccountRole {
    ROOT,
    SUB_USER,
    SUPPORT
}
