package io.storageconsole.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.EvaluationResult;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every rule of {@link ArchitectureRules} fails on the broken fixtures in {@code fixture.architecture}
 * and names the planted class: a rule that cannot fail (such as one written with {@code noClasses()}
 * around a condition that reports violations) would pass here and fail this test.
 */
class ArchitectureRulesCatchViolationsTest {

    private static final String ROOT = "fixture.architecture";
    private static final JavaClasses FIXTURES = new ClassFileImporter().importPackages(ROOT);

    /** The class each rule must name. */
    private static final Map<String, String> PLANTED = Map.ofEntries(
            Map.entry("only domain and service touch repositories", "organization.ui.PolicyPanel"),
            Map.entry("services never import ui", "organization.service.ServiceUsingUi"),
            Map.entry("domain never imports service or ui", "account.domain.DomainCallingService"),
            Map.entry("features have no cycles", "mfa.service.MfaCallingSessions"),
            Map.entry("a feature reaches another only through its service", "organization.service.ForeignRepositoryUser"),
            Map.entry("sql lives in domain packages only", "mfa.service.SqlInService"),
            Map.entry("queries are declared in domain packages only", "mfa.service.QueryInService"),
            Map.entry("nobody depends on audit or notification", "account.service.AuditCaller"),
            Map.entry("base depends on no feature", "base.BaseKnowingAFeature"),
            Map.entry("scheduled tasks live in eager beans", "session.service.LazyScheduledPurge"),
            Map.entry("views are routes in ui view", "organization.ui.PolicyPanel"));

    @Test
    void every_rule_has_a_planted_violation() {
        assertThat(PLANTED.keySet()).containsExactlyInAnyOrderElementsOf(ArchitectureRules.of(ROOT).keySet());
    }

    @TestFactory
    Stream<DynamicTest> each_rule_reports_its_planted_violation() {
        return ArchitectureRules.of(ROOT).entrySet().stream().map(rule -> DynamicTest.dynamicTest(rule.getKey(), () -> {
            EvaluationResult result = rule.getValue().evaluate(FIXTURES);
            assertThat(result.hasViolation()).as(rule.getKey() + " reports a violation").isTrue();
            assertThat(result.getFailureReport().toString()).contains(ROOT + "." + PLANTED.get(rule.getKey()));
        }));
    }

    @Test
    void sql_naming_another_features_table_or_a_table_without_owner_or_calling_an_unlisted_procedure_is_reported() {
        assertThat(SqlTables.violationsBelow(Path.of("src/test/java/fixture/architecture"))).containsExactlyInAnyOrder(
                "session -> mfa_credential (SessionsJoiningCredentials.java)",
                "session -> login_failure (SessionsJoiningCredentials.java)",
                "session -> mail_outbox (SessionsJoiningCredentials.java)",
                "session -> audit_event (SessionsJoiningCredentials.java)",
                "mfa -> CALL:code_sign_in_start (CodeStepCallingProcedures.java)",
                "mfa -> CALL:forget_everything (CodeStepCallingProcedures.java)");
    }

    @Test
    void the_former_no_classes_form_of_the_feature_rule_could_not_fail() {
        // ArchUnit inverts a condition under noClasses(): this form stayed green on every violation.
        assertThat(com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses().that().resideInAPackage(ROOT + "..")
                .should(new ForeignRepositoryCondition(ROOT)).evaluate(FIXTURES).hasViolation()).isFalse();
    }

    @Test
    void spring_datas_own_repository_interface_belongs_to_no_feature() {
        // Only the organization class that uses the account store is foreign: the store itself, which
        // extends Spring Data's Repository, is not reported as using a repository of a feature "data".
        EvaluationResult result = ArchitectureRules.of(ROOT).get("a feature reaches another only through its service")
                .evaluate(FIXTURES);
        assertThat(result.getFailureReport().getDetails())
                .allSatisfy(line -> assertThat(line).doesNotContain("AccountStore extends"))
                .anySatisfy(line -> assertThat(line).contains("ForeignRepositoryUser"));
    }
}
