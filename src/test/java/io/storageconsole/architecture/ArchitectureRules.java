package io.storageconsole.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noMethods;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.lang.ArchRule;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import org.flywaydb.core.api.migration.JavaMigration;
import org.springframework.context.annotation.Lazy;
import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.Repository;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcOperations;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * The layering of STYLE.md and docs/architecture.md as ArchUnit rules, for any root package: the
 * application's ({@link ArchitectureTest}) and the broken fixtures' ({@link ArchitectureRulesCatchViolationsTest}),
 * so every rule is seen failing on a planted violation as well as passing on the code.
 */
final class ArchitectureRules {

    private ArchitectureRules() {
    }

    /** Each rule by name, for the features below {@code root}. */
    static Map<String, ArchRule> of(String root) {
        Map<String, ArchRule> rules = new LinkedHashMap<>();
        rules.put("only domain and service touch repositories", noClasses()
                .that().resideOutsideOfPackages("..domain..", "..service..")
                .should().dependOnClassesThat().areAssignableTo(Repository.class));
        rules.put("services never import ui", noClasses()
                .that().resideInAPackage("..service..")
                .should().dependOnClassesThat().resideInAPackage("..ui.."));
        rules.put("domain never imports service or ui", noClasses()
                .that().resideInAPackage("..domain..")
                .should().dependOnClassesThat().resideInAnyPackage("..service..", "..ui..", "..web.."));
        rules.put("features have no cycles", slices()
                .matching(root + ".(*)..")
                .should().beFreeOfCycles());
        rules.put("a feature reaches another only through its service", classes()
                .that().resideInAPackage(root + "..")
                .should(new ForeignRepositoryCondition(root)));
        // SQL is the domain's: services hold transactions and rules, never statements. The database
        // toolbox of base and Flyway's Java migrations are SQL by nature.
        rules.put("sql lives in domain packages only", noClasses()
                .that().resideOutsideOfPackages("..domain..", root + ".base.database..")
                .and().doNotImplement(JavaMigration.class)
                .should().dependOnClassesThat().areAssignableTo(JdbcClient.class)
                .orShould().dependOnClassesThat().areAssignableTo(JdbcOperations.class)
                .orShould().dependOnClassesThat().areAssignableTo(NamedParameterJdbcOperations.class)
                .orShould().dependOnClassesThat().areAssignableTo(Connection.class)
                .orShould().dependOnClassesThat().areAssignableTo(Statement.class)
                .orShould().dependOnClassesThat().areAssignableTo(DriverManager.class));
        rules.put("queries are declared in domain packages only", noMethods()
                .that().areDeclaredInClassesThat().resideOutsideOfPackage("..domain..")
                .should().beAnnotatedWith(Query.class));
        rules.put("nobody depends on audit or notification", noClasses()
                .that().resideOutsideOfPackages(root + ".audit..", root + ".notification..")
                .should().dependOnClassesThat().resideInAnyPackage(root + ".audit..", root + ".notification.."));
        rules.put("base depends on no feature", noClasses()
                .that().resideInAPackage(root + ".base..")
                .should().dependOnClassesThat().resideInAnyPackage(root + ".account..", root + ".mfa..",
                        root + ".session..", root + ".organization..", root + ".support..", root + ".audit..",
                        root + ".notification..", root + ".security..", root + ".demo.."));
        // Beans are lazy (application.properties): one with a scheduled task would never be made, and never run it.
        rules.put("scheduled tasks live in eager beans", methods()
                .that().areAnnotatedWith(Scheduled.class)
                .should().beDeclaredInClassesThat().areAnnotatedWith(Lazy.class));
        rules.put("views are routes in ui view", classes()
                .that().areAnnotatedWith(com.vaadin.flow.router.Route.class)
                .should().resideInAPackage("..ui.view.."));
        return rules;
    }
}
