package io.storageconsole.mfa.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class RecoveryCodesTest {

    // One set for all tests: issuing costs ten deliberately slow derivations.
    private static final RecoveryCodes.Issued ISSUED = new RecoveryCodes().issue();
    private static final List<String> CODES = ISSUED.codesToShow();
    private static final List<String> HASHES = ISSUED.hashesToStore();

    private final RecoveryCodes recoveryCodes = new RecoveryCodes();

    @Test
    void a_set_has_ten_distinct_codes_shown_as_two_groups_of_five() {
        assertThat(CODES).hasSize(RecoveryCodes.COUNT).doesNotHaveDuplicates()
                .allSatisfy(code -> assertThat(code).matches("[0-9a-hjkmnp-tv-z]{5}-[0-9a-hjkmnp-tv-z]{5}"));
        assertThat(HASHES).hasSize(RecoveryCodes.COUNT).doesNotHaveDuplicates();
    }

    @Test
    void each_code_carries_at_least_fifty_random_bits() {
        double bits = RecoveryCodes.LENGTH * Math.log(RecoveryCodes.ALPHABET.length()) / Math.log(2);

        assertThat(RecoveryCodes.ALPHABET).hasSize(32).doesNotContain("i", "l", "o", "u");
        assertThat(bits).isGreaterThanOrEqualTo(50.0);
    }

    @Test
    void each_code_matches_its_own_hash_and_no_other() {
        for (int i = 0; i < CODES.size(); i++) {
            assertThat(recoveryCodes.verify(CODES.get(i), HASHES)).hasValue(i);
        }
    }

    @Test
    void a_spent_code_no_longer_matches_once_its_hash_is_removed() {
        List<String> remaining = new ArrayList<>(HASHES);
        int used = recoveryCodes.verify(CODES.get(3), remaining).orElseThrow();
        remaining.set(used, null);

        assertThat(recoveryCodes.verify(CODES.get(3), remaining)).isEmpty();
        assertThat(recoveryCodes.verify(CODES.get(4), remaining)).hasValue(4);
    }

    @Test
    void a_code_from_another_set_does_not_match() {
        RecoveryCodes.Issued otherSet = recoveryCodes.issue();

        assertThat(recoveryCodes.verify(otherSet.codesToShow().get(0), HASHES)).isEmpty();
    }

    @Test
    void a_code_with_one_character_changed_does_not_match() {
        String code = CODES.get(0);
        char changed = code.charAt(0) == '2' ? '3' : '2';

        assertThat(recoveryCodes.verify(changed + code.substring(1), HASHES)).isEmpty();
    }

    @Test
    void case_dashes_and_spaces_do_not_matter_when_typing_a_code() {
        String code = CODES.get(7);
        String bare = code.replace("-", "");

        assertThat(recoveryCodes.verify(code.toUpperCase(Locale.ROOT), HASHES)).hasValue(7);
        assertThat(recoveryCodes.verify(bare, HASHES)).hasValue(7);
        assertThat(recoveryCodes.verify(" " + bare.substring(0, 5) + " " + bare.substring(5) + " ", HASHES)).hasValue(7);
        assertThat(recoveryCodes.verify(code.replace("-", "\u2013"), HASHES)).hasValue(7);
    }

    @Test
    void misread_o_i_and_l_are_read_as_zero_and_one() {
        assertThat(RecoveryCodes.canonical("OIL00-abcde")).isEqualTo("01100abcde");
    }

    @Test
    void the_stored_hashes_do_not_contain_the_codes() {
        for (int i = 0; i < CODES.size(); i++) {
            String code = CODES.get(i);
            assertThat(HASHES.get(i)).startsWith("pbkdf2-sha256$")
                    .doesNotContainIgnoringCase(code)
                    .doesNotContainIgnoringCase(code.replace("-", ""));
        }
    }

    @Test
    void the_text_form_of_a_set_shows_no_code() {
        assertThat(ISSUED.toString()).doesNotContain(CODES.get(0)).contains("10 codes");
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @NullAndEmptySource
    @ValueSource(strings = {"abcd-efgh", "abcde-fghjk-m", "abcde_fghjk", "abcde-fghju", "123456"})
    void anything_that_is_not_a_recovery_code_matches_nothing_and_never_throws(String typed) {
        assertThat(recoveryCodes.verify(typed, HASHES)).isEmpty();
    }

    @Test
    void ten_thousand_characters_match_nothing() {
        assertThat(recoveryCodes.verify("a".repeat(10_000), HASHES)).isEmpty();
    }

    @Test
    void a_corrupt_stored_hash_is_reported_rather_than_silently_skipped() {
        List<String> corrupt = List.of("sha1$abc");

        assertThatThrownBy(() -> recoveryCodes.verify(CODES.get(0), corrupt))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("pbkdf2-sha256$iterations$salt$hash");
    }
}
