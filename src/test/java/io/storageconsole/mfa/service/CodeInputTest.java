package io.storageconsole.mfa.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samstevens.totp.code.HashingAlgorithm;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class CodeInputTest {

    private static final TotpPolicy APPS = TotpPolicy.AUTHENTICATOR_APPS;
    private static final String NO_RECOVERY_CODE = "Enter one of your recovery codes.";
    private static final String NOT_A_RECOVERY_CODE = "A recovery code has 10 letters and digits, such as abcde-12345."
            + " Enter one of the codes you saved when you set up MFA.";

    @ParameterizedTest(name = "[{index}] \"{0}\" is read as {1}")
    @CsvSource(delimiter = '|', value = {
            "123456|123456",
            "123 456|123456",
            "'  123456  '|123456",
            "123\u00a0456|123456",
            "123\u2009456|123456",
            "'\t123456\t'|123456",
            "１２３４５６|123456",
            "١٢٣٤٥٦|123456",
            "000000|000000"})
    void a_typed_totp_code_is_read_as_its_six_ascii_digits(String typed, String expected) {
        CodeInput input = CodeInput.ofTotpCode(typed, APPS);

        assertThat(input.isWellFormed()).isTrue();
        assertThat(input.code()).isEqualTo(expected);
        assertThat(input.problem()).isNull();
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @NullAndEmptySource
    @ValueSource(strings = {"   ", "\n"})
    void an_empty_field_asks_for_the_code(String typed) {
        assertThat(CodeInput.ofTotpCode(typed, APPS).problem())
                .isEqualTo("Enter the 6-digit code from your authenticator app.");
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @ValueSource(strings = {"abcdef", "12345a", "123-456", "12.456", "O12345", "abcde-12345"})
    void letters_or_punctuation_ask_for_digits_only(String typed) {
        assertThat(CodeInput.ofTotpCode(typed, APPS).problem())
                .isEqualTo("Use digits only. Enter the 6-digit code from your authenticator app.");
    }

    @Test
    void five_or_seven_digits_say_how_many_were_entered() {
        assertThat(CodeInput.ofTotpCode("12345", APPS).problem())
                .isEqualTo("You entered 5 digits. Enter the 6-digit code from your authenticator app.");
        assertThat(CodeInput.ofTotpCode("1234567", APPS).problem())
                .isEqualTo("You entered 7 digits. Enter the 6-digit code from your authenticator app.");
        assertThat(CodeInput.ofTotpCode("1", APPS).problem())
                .isEqualTo("You entered 1 digit. Enter the 6-digit code from your authenticator app.");
    }

    @Test
    void ten_thousand_characters_are_refused_as_too_long() {
        CodeInput input = CodeInput.ofTotpCode("1".repeat(10_000), APPS);

        assertThat(input.isWellFormed()).isFalse();
        assertThat(input.problem())
                .isEqualTo("That is too long for a code. Enter the 6-digit code from your authenticator app.");
    }

    @Test
    void the_message_follows_the_digits_of_the_policy() {
        TotpPolicy eightDigits = new TotpPolicy(HashingAlgorithm.SHA1, 8, 30, 1);

        assertThat(CodeInput.ofTotpCode("123456", eightDigits).problem())
                .isEqualTo("You entered 6 digits. Enter the 8-digit code from your authenticator app.");
        assertThat(CodeInput.ofTotpCode("1234 5678", eightDigits).code()).isEqualTo("12345678");
    }

    @Test
    void a_bad_input_has_no_code_to_hand_on() {
        CodeInput input = CodeInput.ofTotpCode("abc", APPS);

        assertThatThrownBy(input::code).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void the_text_form_never_shows_the_code() {
        assertThat(CodeInput.ofTotpCode("123456", APPS).toString()).doesNotContain("123456");
    }

    @Property(tries = 1000)
    void any_typed_text_gives_either_six_ascii_digits_or_a_message(@ForAll String typed) {
        CodeInput input = CodeInput.ofTotpCode(typed, APPS);

        if (input.isWellFormed()) {
            assertThat(input.code()).matches("[0-9]{6}");
        } else {
            assertThat(input.problem()).endsWith("Enter the 6-digit code from your authenticator app.");
        }
    }

    @Test
    void a_recovery_code_is_read_in_any_case_with_or_without_its_dash() {
        assertThat(CodeInput.ofRecoveryCode("ABCDE-12345").code()).isEqualTo("abcde12345");
        assertThat(CodeInput.ofRecoveryCode(" abcde12345 ").code()).isEqualTo("abcde12345");
        assertThat(CodeInput.ofRecoveryCode("abcde 12345").code()).isEqualTo("abcde12345");
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @NullAndEmptySource
    @ValueSource(strings = {"  "})
    void an_empty_recovery_code_field_asks_for_a_code(String typed) {
        assertThat(CodeInput.ofRecoveryCode(typed).problem()).isEqualTo(NO_RECOVERY_CODE);
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @ValueSource(strings = {"abcd-1234", "abcde-123456", "abcde-1234u", "abcde+12345", "ÄBCDE-12345"})
    void a_malformed_recovery_code_says_what_one_looks_like(String typed) {
        assertThat(CodeInput.ofRecoveryCode(typed).problem()).isEqualTo(NOT_A_RECOVERY_CODE);
    }

    @Test
    void ten_thousand_characters_are_not_a_recovery_code() {
        assertThat(CodeInput.ofRecoveryCode("a".repeat(10_000)).isWellFormed()).isFalse();
    }

    @Property(tries = 1000)
    void any_typed_text_gives_either_a_canonical_recovery_code_or_a_message(@ForAll String typed) {
        CodeInput input = CodeInput.ofRecoveryCode(typed);

        if (input.isWellFormed()) {
            assertThat(input.code()).matches("[0-9a-hjkmnp-tv-z]{10}");
        } else {
            assertThat(input.problem()).isIn(NO_RECOVERY_CODE, NOT_A_RECOVERY_CODE);
        }
    }
}
