package io.storageconsole.support.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.storageconsole.base.service.ActionRefusedException;
import io.storageconsole.mfa.service.MfaService;
import io.storageconsole.security.SignInStage;
import io.storageconsole.security.SignedInAccount;
import io.storageconsole.security.service.SecondFactorPolicy;
import io.storageconsole.testing.IntegrationTest;
import io.storageconsole.testing.SupportCases;
import io.storageconsole.testing.TestAccounts;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class SupportMembersAlwaysUseMfaTest extends IntegrationTest {

    /** The MFA feature's answer after a right password (SignInStages). */
    @Autowired
    private SecondFactorPolicy stages;

    @Autowired
    private MfaService mfa;

    @Autowired
    private SupportCases support;

    @Test
    void a_support_member_without_mfa_must_enrol_after_the_password_while_a_customer_without_mfa_signs_in() {
        SignedInAccount member = testAccounts.newSupport();
        SignedInAccount customer = testAccounts.newSubUser(testAccounts.newOrganization());

        assertThat(stageAfterPassword(member)).isEqualTo(SignInStage.MFA_ENROLMENT);
        assertThat(stageAfterPassword(customer)).isEqualTo(SignInStage.COMPLETE);
    }

    @Test
    void a_support_member_with_mfa_is_asked_for_a_code_and_cannot_turn_mfa_off() {
        SignedInAccount member = support.newSupportMember();

        assertThat(stageAfterPassword(member)).isEqualTo(SignInStage.MFA_CHALLENGE);
        TestAccounts.signIn(member);
        assertThat(mfa.status().enforced()).isTrue();
        assertThat(mfa.status().whyMandatory()).isEqualTo(MfaService.SUPPORT_ALWAYS);
        assertThatThrownBy(() -> mfa.turnOff(TestAccounts.PASSWORD, "000000"))
                .isInstanceOf(ActionRefusedException.class).hasMessage(MfaService.SUPPORT_ALWAYS);
        assertThat(stageAfterPassword(member)).isEqualTo(SignInStage.MFA_CHALLENGE);
    }

    private SignInStage stageAfterPassword(SignedInAccount account) {
        return stages.stageAfterPassword(testAccounts.atPasswordStep(account));
    }
}
