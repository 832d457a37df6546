package io.storageconsole.mfa.service;

/**
 * What the enrolment dialog shows once: the key as text, and the same key as a QR code of the
 * otpauth URI. It is never stored in this form and never logged.
 */
public record Enrolment(String secret, String otpauthUri, byte[] qrCodePng) {

    /** The key in groups of four, as authenticator apps expect it typed. */
    public String secretForDisplay() {
        return secret.replaceAll("(.{4})(?!$)", "$1 ");
    }

    @Override
    public String toString() {
        return "Enrolment[secret hidden]";
    }
}
