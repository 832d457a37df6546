package io.storageconsole.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import io.storageconsole.account.domain.AccountRepository;
import io.storageconsole.account.domain.MfaState;
import io.storageconsole.account.service.SubUserMfaMoves;
import io.storageconsole.mfa.domain.MfaStates;
import io.storageconsole.mfa.service.BulkMfaChange;
import java.nio.file.Path;
import java.util.Collection;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** The rules of {@link ArchitectureRules} and {@link SqlTables} hold for the application's code. */
class ArchitectureTest {

    private static final JavaClasses APPLICATION = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.storageconsole");

    @TestFactory
    Stream<DynamicTest> every_rule_holds_for_the_application() {
        return ArchitectureRules.of("io.storageconsole").entrySet().stream()
                .map(rule -> DynamicTest.dynamicTest(rule.getKey(), () -> check(rule.getValue())));
    }

    @Test
    void each_feature_names_only_its_own_tables_in_sql_but_for_the_listed_crossings() {
        assertThat(SqlTables.violationsBelow(Path.of("src/main/java/io/storageconsole"))).isEmpty();
    }

    /** Counting a bulk change's moves and marking its rows as counted go together, or a move is counted twice or never. */
    @Test
    void only_the_bulk_mfa_change_counts_moves_and_marks_rows_as_counted() {
        ArchRule pairedInOnePlace = noClasses().that().doNotBelongToAnyOf(BulkMfaChange.class)
                .should().callMethod(SubUserMfaMoves.class, "count", long.class, Collection.class, MfaState.class)
                .orShould().callMethod(MfaStates.class, "changeCounted", Collection.class, MfaState.class)
                .because("the counting and the marked UPDATE are one step (decision 0034)");
        check(pairedInOnePlace);
    }

    /**
     * A credential change moves the account's credentials version and writes its sign-in row together: without the
     * row, a sign-in committed on another Galera node at the same moment would survive the change (decision 0064).
     */
    @Test
    void only_the_account_repository_pairs_a_credentials_version_move_with_its_sign_in_row() {
        ArchRule pairedInOnePlace = noClasses().that().doNotBelongToAnyOf(AccountRepository.class)
                .should().callMethod(AccountRepository.class, "countCredentialsChanges", Collection.class)
                .orShould().callMethod(AccountRepository.class, "writeCredentialsVersionsToSignIns", Collection.class)
                .because("recordCredentialsChanges runs both, in this order (decision 0064)");
        check(pairedInOnePlace);
    }

    private static void check(ArchRule rule) {
        rule.check(APPLICATION);
    }
}
