package io.storageconsole.security;

import io.storageconsole.base.service.ActionRefusedException;

/**
 * Every password hash this node allows at once is taken and none came free in time: the request is
 * answered at once instead of queueing without end (a flood of sign-ins would otherwise hold every
 * server thread). Nothing was checked.
 */
public class PasswordCheckBusyException extends ActionRefusedException {

    public static final String MESSAGE = "The console is busy right now. Try again in a moment.";

    public PasswordCheckBusyException() {
        super(MESSAGE);
    }
}
