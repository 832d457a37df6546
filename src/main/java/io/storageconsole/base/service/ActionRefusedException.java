package io.storageconsole.base.service;

/** A request that the rules refuse as a whole (not one field's input); its message is for the user. */
public class ActionRefusedException extends RuntimeException {

    public ActionRefusedException(String message) {
        super(message);
    }
}
