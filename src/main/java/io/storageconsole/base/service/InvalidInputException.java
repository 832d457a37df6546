package io.storageconsole.base.service;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Input that a service refuses, with a message per field that a form shows next to that field.
 * Thrown before anything is written, so nothing is stored half-way.
 */
public class InvalidInputException extends RuntimeException {

    private final Map<String, String> fieldErrors;

    public InvalidInputException(Map<String, String> fieldErrors) {
        super("Invalid input in " + fieldErrors.keySet());
        this.fieldErrors = Collections.unmodifiableMap(new LinkedHashMap<>(fieldErrors));
    }

    public static InvalidInputException of(String field, String message) {
        return new InvalidInputException(Map.of(field, message));
    }

    public Map<String, String> fieldErrors() {
        return fieldErrors;
    }

    public String messageFor(String field) {
        return fieldErrors.get(field);
    }
}
