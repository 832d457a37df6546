package io.storageconsole.organization.service;

import java.util.regex.Pattern;

/** Organization names: any script, but only the punctuation that company names use. */
final class OrganizationNames {

    static final int MAX_LENGTH = 100;

    private static final Pattern VALID = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{M}\\p{N} .,&'()\\-]*");

    private OrganizationNames() {
    }

    static String normalize(String name) {
        return name == null ? "" : name.strip().replaceAll("\\s+", " ");
    }

    static String problemWith(String name) {
        String normalized = normalize(name);
        if (normalized.isEmpty()) {
            return "Enter the name of your organization.";
        }
        if (normalized.length() < 2) {
            return "An organization name has at least 2 characters.";
        }
        if (normalized.length() > MAX_LENGTH) {
            return "An organization name has at most " + MAX_LENGTH + " characters.";
        }
        if (!VALID.matcher(normalized).matches()) {
            return "Use letters, digits, spaces and . , & ' ( ) - only, starting with a letter or digit.";
        }
        return null;
    }
}
