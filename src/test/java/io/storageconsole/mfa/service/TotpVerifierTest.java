package io.storageconsole.mfa.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samstevens.totp.code.HashingAlgorithm;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class TotpVerifierTest {

    /** Base32 of the ASCII seed "12345678901234567890" from RFC 6238 Appendix B. */
    private static final String RFC_6238_SHA1_SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

    private static final TotpPolicy EIGHT_DIGITS = new TotpPolicy(HashingAlgorithm.SHA1, 8, 30, 1);

    private static final long NOW = 1_700_000_000L;

    private final TotpVerifier verifier = verifierAt(TotpPolicy.AUTHENTICATOR_APPS, NOW);
    private final String secret = verifier.newSecret();
    private final long nowStep = TotpPolicy.AUTHENTICATOR_APPS.stepAt(Instant.ofEpochSecond(NOW));

    @ParameterizedTest(name = "at {0} s the code is {1}")
    @CsvSource({
            "59, 94287082",
            "1111111109, 07081804",
            "1111111111, 14050471",
            "1234567890, 89005924",
            "2000000000, 69279037",
            "20000000000, 65353130"})
    void rfc_6238_sha1_test_vectors_come_out_of_the_generator_the_verifier_uses(long unixSeconds, String expected) {
        TotpVerifier rfc = verifierAt(EIGHT_DIGITS, unixSeconds);
        long step = EIGHT_DIGITS.stepAt(Instant.ofEpochSecond(unixSeconds));

        assertThat(rfc.codeAt(RFC_6238_SHA1_SECRET, step)).isEqualTo(expected);
        assertThat(rfc.verify(RFC_6238_SHA1_SECRET, expected)).hasValue(step);
    }

    @Test
    void codes_stay_ascii_when_the_default_locale_writes_arabic_indic_digits() {
        Locale original = Locale.getDefault();
        try {
            Locale.setDefault(Locale.forLanguageTag("ar-SA"));
            TotpVerifier rfc = verifierAt(EIGHT_DIGITS, 59);

            assertThat(rfc.codeAt(RFC_6238_SHA1_SECRET, 1)).isEqualTo("94287082");
            assertThat(rfc.verify(RFC_6238_SHA1_SECRET, "94287082")).hasValue(1);
        } finally {
            Locale.setDefault(original);
        }
    }

    @Test
    void the_code_of_the_current_step_is_accepted_and_names_that_step() {
        assertThat(verifier.currentStep()).isEqualTo(nowStep);
        assertThat(verifier.verify(secret, verifier.codeAt(secret, nowStep))).hasValue(nowStep);
    }

    @Test
    void a_code_one_step_early_or_late_is_accepted_for_clock_drift() {
        assertThat(verifier.verify(secret, verifier.codeAt(secret, nowStep - 1))).hasValue(nowStep - 1);
        assertThat(verifier.verify(secret, verifier.codeAt(secret, nowStep + 1))).hasValue(nowStep + 1);
    }

    @Test
    void a_code_two_steps_away_is_refused() {
        assertThat(verifier.verify(secret, verifier.codeAt(secret, nowStep - 2))).isEmpty();
        assertThat(verifier.verify(secret, verifier.codeAt(secret, nowStep + 2))).isEmpty();
    }

    @Test
    void a_code_for_the_last_used_step_is_refused_as_a_replay() {
        String code = verifier.codeAt(secret, nowStep);

        assertThat(verifier.verify(secret, code, nowStep)).isEmpty();
    }

    @Test
    void a_code_for_a_step_before_the_last_used_one_is_refused() {
        String previous = verifier.codeAt(secret, nowStep - 1);

        assertThat(verifier.verify(secret, previous, nowStep)).isEmpty();
        assertThat(verifier.verify(secret, previous, nowStep + 1)).isEmpty();
    }

    @Test
    void a_code_for_a_step_after_the_last_used_one_is_accepted() {
        assertThat(verifier.verify(secret, verifier.codeAt(secret, nowStep), nowStep - 1)).hasValue(nowStep);
        assertThat(verifier.verify(secret, verifier.codeAt(secret, nowStep + 1), nowStep)).hasValue(nowStep + 1);
    }

    @Test
    void a_code_of_another_secret_is_refused() {
        String otherSecret = verifier.newSecret();
        String code = verifier.codeAt(otherSecret, nowStep);
        boolean sameByChance = Set.of(
                verifier.codeAt(secret, nowStep - 1),
                verifier.codeAt(secret, nowStep),
                verifier.codeAt(secret, nowStep + 1)).contains(code);

        assertThat(verifier.verify(secret, code).isPresent()).isEqualTo(sameByChance);
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @NullAndEmptySource
    @ValueSource(strings = {"abcdef", "12345a", "12345", "1234567", "123 456", " 123456", "123456 ",
            "１２３４５６", "١٢٣٤٥٦", "-12345", "+12345", "12.456", "\u0000\u0000\u0000\u0000\u0000\u0000"})
    void malformed_input_is_not_a_code_and_never_throws(String typed) {
        assertThat(verifier.verify(secret, typed)).isEmpty();
    }

    @Test
    void ten_thousand_characters_are_not_a_code() {
        assertThat(verifier.verify(secret, "1".repeat(10_000))).isEmpty();
    }

    @Property(tries = 500)
    void any_string_at_all_is_answered_without_an_exception(@ForAll String typed) {
        assertThatCode(() -> verifier.verify(secret, typed)).doesNotThrowAnyException();
    }

    @Test
    void none_of_ten_thousand_random_wrong_codes_verifies() {
        Set<String> validNow = Set.of(
                verifier.codeAt(secret, nowStep - 1),
                verifier.codeAt(secret, nowStep),
                verifier.codeAt(secret, nowStep + 1));
        Random random = new Random(6238);
        int tried = 0;
        int accepted = 0;
        while (tried < 10_000) {
            String guess = String.format(Locale.ROOT, "%06d", random.nextInt(1_000_000));
            if (validNow.contains(guess)) {
                continue;
            }
            tried++;
            if (verifier.verify(secret, guess).isPresent()) {
                accepted++;
            }
        }
        assertThat(accepted).isZero();
    }

    @Test
    void new_secrets_are_160_bits_of_base32_and_differ() {
        String another = verifier.newSecret();

        assertThat(secret).matches("[A-Z2-7]{32}");
        assertThat(another).matches("[A-Z2-7]{32}").isNotEqualTo(secret);
    }

    @Test
    void a_missing_secret_is_a_programming_error_not_a_wrong_code() {
        assertThatThrownBy(() -> verifier.verify(" ", "123456")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> verifier.verify(null, "123456")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_policy_outside_what_apps_support_is_refused() {
        assertThatThrownBy(() -> new TotpPolicy(HashingAlgorithm.SHA1, 5, 30, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TotpPolicy(HashingAlgorithm.SHA1, 6, 0, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TotpPolicy(HashingAlgorithm.SHA1, 6, 30, -1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void steps_are_counted_from_the_unix_epoch_in_whole_periods() {
        TotpPolicy policy = TotpPolicy.AUTHENTICATOR_APPS;

        assertThat(policy.stepAt(Instant.ofEpochSecond(59))).isEqualTo(1);
        assertThat(policy.stepAt(Instant.ofEpochSecond(60))).isEqualTo(2);
        assertThat(policy.stepAt(Instant.ofEpochSecond(-1))).isEqualTo(-1);
    }

    private static TotpVerifier verifierAt(TotpPolicy policy, long unixSeconds) {
        return new TotpVerifier(policy, Clock.fixed(Instant.ofEpochSecond(unixSeconds), ZoneOffset.UTC));
    }
}
