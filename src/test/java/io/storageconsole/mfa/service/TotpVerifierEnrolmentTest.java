package io.storageconsole.mfa.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** The otpauth URI and QR code that TotpVerifier hands to the enrolment dialog. */
class TotpVerifierEnrolmentTest {

    private final TotpVerifier verifier = new TotpVerifier(TotpPolicy.AUTHENTICATOR_APPS,
            Clock.fixed(Instant.ofEpochSecond(1_700_000_000L), ZoneOffset.UTC));
    private final String secret = verifier.newSecret();

    @Test
    void the_uri_names_issuer_account_and_the_policy_apps_read() {
        String uri = verifier.otpauthUri("StorageConsole", "alice@example.com", secret);

        assertThat(uri).isEqualTo("otpauth://totp/StorageConsole:alice%40example.com?secret=" + secret
                + "&issuer=StorageConsole&algorithm=SHA1&digits=6&period=30");
    }

    @Test
    void spaces_and_plus_signs_are_percent_encoded_so_apps_decode_them_back() {
        URI uri = URI.create(verifier.otpauthUri("Storage Console & Co", "bob+mfa@example.com", secret));
        Map<String, String> query = queryOf(uri);

        assertThat(uri.getRawPath()).isEqualTo("/Storage%20Console%20%26%20Co:bob%2Bmfa%40example.com");
        assertThat(uri.getPath()).isEqualTo("/Storage Console & Co:bob+mfa@example.com");
        assertThat(query).containsEntry("issuer", "Storage Console & Co").containsEntry("secret", secret);
    }

    @Test
    void a_colon_in_issuer_or_account_is_refused_because_it_would_split_the_label() {
        assertThatThrownBy(() -> verifier.otpauthUri("Acme:EU", "alice@example.com", secret))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> verifier.otpauthUri("Acme", " ", secret))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void the_qr_code_is_a_240_pixel_png_that_scans_back_to_the_uri() throws Exception {
        String uri = verifier.otpauthUri("Storage Console", "alice@example.com", secret);

        byte[] png = verifier.qrCodePng(uri);
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        // Read as the code itself (PURE_BARCODE), not searched for as in a photo: that misses about 1 in 70 random keys.
        String scanned = new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(image))),
                java.util.Map.of(com.google.zxing.DecodeHintType.PURE_BARCODE, Boolean.TRUE)).getText();

        assertThat(Arrays.copyOf(png, 4)).containsExactly(0x89, 'P', 'N', 'G');
        assertThat(image.getWidth()).isEqualTo(TotpVerifier.QR_CODE_SIZE);
        assertThat(image.getHeight()).isEqualTo(TotpVerifier.QR_CODE_SIZE);
        assertThat(scanned).isEqualTo(uri);
    }

    private static Map<String, String> queryOf(URI uri) {
        return Arrays.stream(uri.getRawQuery().split("&"))
                .map(pair -> pair.split("=", 2))
                .collect(Collectors.toMap(
                        pair -> pair[0], pair -> URLDecoder.decode(pair[1], StandardCharsets.UTF_8)));
    }
}
