package io.storageconsole.mfa.service;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import dev.samstevens.totp.code.DefaultCodeGenerator;
import dev.samstevens.totp.exceptions.CodeGenerationException;
import dev.samstevens.totp.secret.DefaultSecretGenerator;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import javax.imageio.ImageIO;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * Checks a code from an authenticator app against a TOTP secret (RFC 6238) and makes new secrets.
 * Replay protection is the caller's stored fact: it passes the last step it accepted and stores the
 * step this returns, so a code is never accepted twice (RFC 6238 section 5.2).
 */
public final class TotpVerifier {

    /** The lastUsedStep of a secret that has not yet accepted any code. */
    public static final long NO_STEP_USED = Long.MIN_VALUE;

    /** Width and height of the enrolment QR code in pixels. */
    public static final int QR_CODE_SIZE = 240;

    /** 32 Base32 characters carry 160 bits, the HMAC-SHA1 key size RFC 4226 recommends. */
    static final int SECRET_LENGTH = 32;

    private final TotpPolicy policy;
    private final Clock clock;
    private final DefaultCodeGenerator generator;
    private final DefaultSecretGenerator secrets = new DefaultSecretGenerator(SECRET_LENGTH);

    public TotpVerifier(TotpPolicy policy, Clock clock) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.generator = new DefaultCodeGenerator(policy.algorithm(), policy.digits());
    }

    public TotpPolicy policy() {
        return policy;
    }

    /** A new random secret in Base32, as authenticator apps expect it. */
    public String newSecret() {
        return secrets.generate();
    }

    /**
     * The Key URI that authenticator apps scan, in the format Google Authenticator documents:
     * {@code otpauth://totp/Issuer:account?secret=...&issuer=...&algorithm=SHA1&digits=6&period=30}.
     */
    public String otpauthUri(String issuer, String accountEmail, String secret) {
        requireLabelPart(issuer, "issuer");
        requireLabelPart(accountEmail, "account");
        requireSecret(secret);
        return "otpauth://totp/" + uriEncode(issuer) + ":" + uriEncode(accountEmail)
                + "?secret=" + uriEncode(secret)
                + "&issuer=" + uriEncode(issuer)
                + "&algorithm=" + policy.algorithm().getFriendlyName()
                + "&digits=" + policy.digits()
                + "&period=" + policy.periodSeconds();
    }

    /** A PNG of the QR code for an otpauth URI, {@value #QR_CODE_SIZE} pixels square. */
    public byte[] qrCodePng(String otpauthUri) {
        Objects.requireNonNull(otpauthUri, "otpauthUri");
        try {
            // The URI is percent-encoded ASCII, so no character-set hint (and no ECI segment) is needed.
            BitMatrix matrix = new QRCodeWriter().encode(otpauthUri, BarcodeFormat.QR_CODE, QR_CODE_SIZE, QR_CODE_SIZE,
                    Map.of(EncodeHintType.MARGIN, 2, EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M));
            // Drawn here rather than with zxing's javase module, which would bring jcommander along.
            BufferedImage image = new BufferedImage(matrix.getWidth(), matrix.getHeight(), BufferedImage.TYPE_BYTE_BINARY);
            for (int y = 0; y < matrix.getHeight(); y++) {
                for (int x = 0; x < matrix.getWidth(); x++) {
                    image.setRGB(x, y, matrix.get(x, y) ? 0xFF000000 : 0xFFFFFFFF);
                }
            }
            ByteArrayOutputStream png = new ByteArrayOutputStream();
            ImageIO.write(image, "PNG", png);
            return png.toByteArray();
        } catch (WriterException | IOException e) {
            throw new IllegalStateException("Could not draw the enrolment QR code", e);
        }
    }

    /** The time step the clock is in now. */
    public long currentStep() {
        return policy.stepAt(clock.instant());
    }

    /** Verifies a code for a secret that has not accepted one before, such as during enrolment. */
    public OptionalLong verify(String secret, String submittedCode) {
        return verify(secret, submittedCode, NO_STEP_USED);
    }

    /**
     * The time step whose code was submitted, or empty when the code is wrong, malformed, outside
     * the allowed drift, or for {@code lastUsedStep} or an earlier step.
     */
    public OptionalLong verify(String secret, String submittedCode, long lastUsedStep) {
        requireSecret(secret);
        if (!isWellFormed(submittedCode)) {
            return OptionalLong.empty();
        }
        byte[] submitted = submittedCode.getBytes(StandardCharsets.US_ASCII);
        long now = currentStep();
        OptionalLong matched = OptionalLong.empty();
        // Every step in the window is compared, without stopping early, and the latest match wins
        // so that the stored step moves as far forward as the code allows.
        for (long step = now - policy.allowedDriftSteps(); step <= now + policy.allowedDriftSteps(); step++) {
            byte[] expected = codeAt(secret, step).getBytes(StandardCharsets.US_ASCII);
            if (MessageDigest.isEqual(expected, submitted) && step > lastUsedStep) {
                matched = OptionalLong.of(step);
            }
        }
        return matched;
    }

    /** The code for one time step, through the same generator that verification uses. */
    String codeAt(String secret, long step) {
        requireSecret(secret);
        try {
            return asciiDigits(generator.generate(secret, step));
        } catch (CodeGenerationException e) {
            // The message names no secret: this may reach a log.
            throw new IllegalStateException("Could not compute a TOTP code; the stored secret is not valid Base32", e);
        }
    }

    private boolean isWellFormed(String code) {
        if (code == null || code.length() != policy.digits()) {
            return false;
        }
        for (int i = 0; i < code.length(); i++) {
            char c = code.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /**
     * DefaultCodeGenerator formats with String.format in the JVM's default locale, which gives
     * Arabic-Indic digits under ar-SA or fa-IR; codes are compared as ASCII, so map them back.
     */
    private static String asciiDigits(String code) {
        char[] digits = new char[code.length()];
        for (int i = 0; i < digits.length; i++) {
            digits[i] = (char) ('0' + Character.digit(code.charAt(i), 10));
        }
        return new String(digits);
    }

    /** Spaces as %20, not '+': authenticator apps decode the label as a URI path, not a form. */
    private static String uriEncode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** The label is "issuer:account", so a colon inside either would move the split. */
    private static void requireLabelPart(String value, String name) {
        if (value == null || value.isBlank() || value.indexOf(':') >= 0) {
            throw new IllegalArgumentException("The " + name + " of an otpauth URI must be non-blank and without a colon");
        }
    }

    private static void requireSecret(String secret) {
        if (secret == null || secret.isBlank()) {
            throw new IllegalArgumentException("A TOTP secret is required");
        }
    }
}
