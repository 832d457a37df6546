package io.storageconsole.account.domain;

public enum AccountRole {
    ROOT,
    SUB_USER,
    SUPPORT
}
