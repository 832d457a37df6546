package io.storageconsole.security.service;

import io.storageconsole.base.service.ActionRefusedException;

/** A sign-in that still owed its second factor when the account's password or MFA changed: void. */
public class SignInNoLongerValidException extends ActionRefusedException {

    public static final String MESSAGE = "The password or the multi-factor authentication of this account changed "
            + "after you entered your password here, so this sign-in is no longer valid. Sign in again.";

    public SignInNoLongerValidException() {
        super(MESSAGE);
    }
}
