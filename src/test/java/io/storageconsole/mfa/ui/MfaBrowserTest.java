package io.storageconsole.mfa.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.MultiFormatReader;
import com.google.zxing.NotFoundException;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import io.storageconsole.mfa.service.MfaService;
import io.storageconsole.mfa.service.TotpCodes;
import io.storageconsole.mfa.ui.component.MfaSection;
import io.storageconsole.mfa.ui.view.SecondFactorView;
import io.storageconsole.security.SignedInAccount;
import io.storageconsole.testing.BrowserTest;
import io.storageconsole.testing.TestAccounts;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class MfaBrowserTest extends BrowserTest {

    @Test
    void mfa_is_enabled_from_the_qr_code_codes_work_once_and_reset_leads_to_enrolment() throws Exception {
        SignedInAccount root = testAccounts.newOrganization();
        signIn(page, root.email(), TestAccounts.PASSWORD);
        page.waitForURL(url -> !url.contains("/login"));

        // Enrol by decoding the QR code the page shows, as a phone would.
        page.locator("vaadin-checkbox.console-switch").click();
        page.getByLabel("Password", exact()).fill(TestAccounts.PASSWORD);
        button(page, MfaSection.CONTINUE).click();
        String otpauth = decodeQrCode(page.locator("#mfa-qr-code").getAttribute("src"));
        assertThat(otpauth).startsWith("otpauth://totp/").contains("issuer=Storage%20Console");
        String secret = queryParameter(otpauth, "secret");
        page.getByLabel("6-digit code", exact()).fill(TotpCodes.codeAt(secret, clock.instant()));
        button(page, "Activate").click();
        assertThat(page.locator("#mfa-recovery-code-list li")).hasCount(10);
        List<String> recoveryCodes = page.locator("#mfa-recovery-code-list li").allInnerTexts();
        button(page, "I have saved my recovery codes").click();
        assertThat(page.locator("#mfa-state")).hasText("Active");

        // Sign in with a fresh code.
        signOut(page);
        clock.advance(Duration.ofSeconds(30));
        String code = TotpCodes.codeAt(secret, clock.instant());
        signIn(page, root.email(), TestAccounts.PASSWORD);
        page.waitForURL(url -> url.contains("/mfa"));
        page.getByLabel(SecondFactorView.CODE_LABEL, exact()).fill(code);
        button(page, "Verify").click();
        page.waitForURL(url -> !url.contains("/mfa") && !url.contains("/login"));
        assertThat(page.locator("#user-menu")).containsText(root.email());

        // The same code is refused a second time.
        signOut(page);
        signIn(page, root.email(), TestAccounts.PASSWORD);
        page.waitForURL(url -> url.contains("/mfa"));
        page.getByLabel(SecondFactorView.CODE_LABEL, exact()).fill(code);
        button(page, "Verify").click();
        assertThat(fieldError(page, MfaService.REUSED_CODE)).isVisible();

        // A recovery code works once...
        page.getByText(SecondFactorView.LOST_AUTHENTICATOR).click();
        page.getByLabel(SecondFactorView.RECOVERY_LABEL, exact()).fill(recoveryCodes.get(0));
        button(page, "Sign in with recovery code").click();
        page.waitForURL(url -> !url.contains("/mfa") && !url.contains("/login"));
        assertThat(page.locator("#user-menu")).containsText(root.email());

        // ...and only once.
        signOut(page);
        signIn(page, root.email(), TestAccounts.PASSWORD);
        page.waitForURL(url -> url.contains("/mfa"));
        page.getByText(SecondFactorView.LOST_AUTHENTICATOR).click();
        page.getByLabel(SecondFactorView.RECOVERY_LABEL, exact()).fill(recoveryCodes.get(0));
        button(page, "Sign in with recovery code").click();
        assertThat(fieldError(page, "already been used")).isVisible();

        // Reset MFA, then the next sign-in asks for enrolment with a new device.
        clock.advance(Duration.ofSeconds(30));
        page.getByLabel(SecondFactorView.CODE_LABEL, exact()).fill(TotpCodes.codeAt(secret, clock.instant()));
        button(page, "Verify").click();
        page.waitForURL(url -> !url.contains("/mfa") && !url.contains("/login"));
        button(page, MfaSection.RESET).click();
        page.getByLabel("Password", exact()).fill(TestAccounts.PASSWORD);
        button(page, "Reset MFA").click();
        assertThat(page.locator("vaadin-notification-card").getByText(MfaSection.RESET_DONE)).isVisible();

        signOut(page);
        signIn(page, root.email(), TestAccounts.PASSWORD);
        page.waitForURL(url -> url.contains("/mfa"));
        assertThat(page.getByText("Link an authenticator app to continue")).isVisible();
        button(page, SecondFactorView.START_SET_UP).click();
        assertThat(page.locator("#mfa-qr-code")).isVisible();
        String newSecret = queryParameter(decodeQrCode(page.locator("#mfa-qr-code").getAttribute("src")), "secret");
        assertThat(newSecret).isNotEqualTo(secret);
    }

    private static com.microsoft.playwright.Locator button(Page page, String text) {
        return page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(text).setExact(true));
    }

    private static void signOut(Page page) {
        page.locator("#user-menu").click();
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign out").setExact(true)).click();
        page.waitForURL(url -> url.contains("/login"));
    }

    private static String decodeQrCode(String dataUri) throws IOException, NotFoundException {
        byte[] png = Base64.getDecoder().decode(dataUri.substring(dataUri.indexOf(',') + 1));
        var image = ImageIO.read(new ByteArrayInputStream(png));
        var bitmap = new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(image)));
        // QR codes only: tried as every format, a 1D reader now and then misreads a random key's QR code ("67").
        // The page's PNG is the code itself, not a photo of it: read as such (PURE_BARCODE). Searched for like a
        // photo, 45 of 3,000 random keys' codes were not found; read as the code, none.
        return new MultiFormatReader().decode(bitmap, java.util.Map.of(com.google.zxing.DecodeHintType.POSSIBLE_FORMATS,
                List.of(com.google.zxing.BarcodeFormat.QR_CODE), com.google.zxing.DecodeHintType.PURE_BARCODE, Boolean.TRUE)).getText();
    }

    private static String queryParameter(String uri, String name) {
        return Arrays.stream(URI.create(uri).getRawQuery().split("&"))
                .filter(pair -> pair.startsWith(name + "="))
                .map(pair -> URLDecoder.decode(pair.substring(name.length() + 1), StandardCharsets.UTF_8))
                .findFirst().orElseThrow();
    }
}
