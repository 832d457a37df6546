package io.storageconsole.base.service;

import java.util.LinkedHashMap;
import java.util.Map;

/** Collects one message per field while a service checks its input, then throws them together. */
public final class FieldErrors {

    private final Map<String, String> errors = new LinkedHashMap<>();

    public FieldErrors add(String field, String message) {
        if (message != null) {
            errors.putIfAbsent(field, message);
        }
        return this;
    }

    public boolean isEmpty() {
        return errors.isEmpty();
    }

    public void throwIfAny() {
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
    }
}
