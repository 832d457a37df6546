package io.storageconsole;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import org.springframework.data.repository.Repository;

/** The layering of STYLE.md, checked on every build. */
@AnalyzeClasses(packages = "io.storageconsole", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule only_domain_and_service_touch_repositories = noClasses()
            .that().resideOutsideOfPackages("..domain..", "..service..")
            .should().dependOnClassesThat().areAssignableTo(Repository.class);

    @ArchTest
    static final ArchRule services_never_import_ui = noClasses()
            .that().resideInAPackage("..service..")
            .should().dependOnClassesThat().resideInAPackage("..ui..");

    @ArchTest
    static final ArchRule domain_never_imports_service_or_ui = noClasses()
            .that().resideInAPackage("..domain..")
            .should().dependOnClassesThat().resideInAnyPackage("..service..", "..ui..");

    @ArchTest
    static final ArchRule features_have_no_cycles = slices()
            .matching("io.storageconsole.(*)..")
            .should().beFreeOfCycles();

    @ArchTest
    static final ArchRule a_feature_reaches_another_only_through_its_service = noClasses()
            .that().resideInAPackage("io.storageconsole.(*)..")
            .should(new ForeignRepositoryCondition());

    @ArchTest
    static final ArchRule nobody_depends_on_audit_or_notification = noClasses()
            .that().resideOutsideOfPackages("io.storageconsole.audit..", "io.storageconsole.notification..")
            .should().dependOnClassesThat().resideInAnyPackage("io.storageconsole.audit..", "io.storageconsole.notification..");

    @ArchTest
    static final ArchRule base_depends_on_no_feature = noClasses()
            .that().resideInAPackage("io.storageconsole.base..")
            .should().dependOnClassesThat().resideInAnyPackage("io.storageconsole.account..",
                    "io.storageconsole.mfa..", "io.storageconsole.session..", "io.storageconsole.organization..",
                    "io.storageconsole.support..", "io.storageconsole.audit..", "io.storageconsole.notification..",
                    "io.storageconsole.security..");

    /** Beans are lazy (application.properties): one with a scheduled task would never be made, and never run it. */
    @ArchTest
    static final ArchRule scheduled_tasks_live_in_eager_beans = com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods()
            .that().areAnnotatedWith(org.springframework.scheduling.annotation.Scheduled.class)
            .should().beDeclaredInClassesThat().areAnnotatedWith(org.springframework.context.annotation.Lazy.class);

    @ArchTest
    static final ArchRule views_are_routes_in_ui_view = classes()
            .that().areAnnotatedWith(com.vaadin.flow.router.Route.class)
            .should().resideInAPackage("..ui.view..");
}
