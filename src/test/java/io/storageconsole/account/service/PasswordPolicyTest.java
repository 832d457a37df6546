package io.storageconsole.account.service;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class PasswordPolicyTest {

    @Test
    void the_policy_of_the_reference_product_is_enforced() {
        assertThat(PasswordPolicy.isSatisfiedBy("Abcdef1!")).isTrue();
        assertThat(PasswordPolicy.isSatisfiedBy("Abcde1!")).as("7 characters").isFalse();
        assertThat(PasswordPolicy.isSatisfiedBy("abcdef1!")).as("no upper case").isFalse();
        assertThat(PasswordPolicy.isSatisfiedBy("ABCDEF1!")).as("no lower case").isFalse();
        assertThat(PasswordPolicy.isSatisfiedBy("Abcdefg!")).as("no digit").isFalse();
        assertThat(PasswordPolicy.isSatisfiedBy("Abcdefg1")).as("no special character").isFalse();
        assertThat(PasswordPolicy.isSatisfiedBy("Abcdef1!" + "x".repeat(121))).as("129 characters").isFalse();
    }

    @Property
    void a_password_without_a_digit_never_passes(@ForAll @StringLength(max = 200) String candidate) {
        assertThat(PasswordPolicy.isSatisfiedBy(candidate.replaceAll("[0-9]", ""))).isFalse();
    }

    @Property
    void a_password_with_every_kind_passes_exactly_when_its_length_fits(@ForAll @StringLength(max = 200) String candidate) {
        String password = "Aa1!" + candidate;

        assertThat(PasswordPolicy.isSatisfiedBy(password)).isEqualTo(password.length() >= 8 && password.length() <= 128);
    }

    @Test
    void email_addresses_are_normalized_and_checked() {
        assertThat(EmailAddresses.normalize("  Alice@Example.COM ")).isEqualTo("alice@example.com");
        assertThat(EmailAddresses.problemWith("alice@example.com")).isNull();
        assertThat(EmailAddresses.problemWith("alice")).contains("valid email");
        assertThat(EmailAddresses.problemWith("alice@localhost")).contains("valid email");
        assertThat(EmailAddresses.problemWith(" ")).isEqualTo("Enter an email address.");
    }
}
