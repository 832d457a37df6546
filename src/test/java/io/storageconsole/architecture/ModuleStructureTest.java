package io.storageconsole.architecture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.importer.ImportOption;
import io.storageconsole.Application;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.core.Violations;

/**
 * Spring Modulith's view of the features: each top-level package is a module, only its named
 * interfaces are public, and it uses only the modules its package-info allows. The same check
 * fails on the broken modules of {@code fixture.modulith}, one kind of violation each.
 */
class ModuleStructureTest {

    /** The fixtures are test classes: import them too. */
    private static final ImportOption EVERYTHING = location -> true;

    @Test
    void the_application_modules_verify() {
        ApplicationModules modules = ApplicationModules.of(Application.class);

        assertThat(modules.stream().map(module -> module.getIdentifier().toString()))
                .containsExactlyInAnyOrder("account", "audit", "base", "demo", "mfa", "notification", "organization",
                        "security", "session", "support");
        modules.verify();
    }

    @Test
    void a_type_internal_to_another_module_is_refused() {
        assertThatThrownBy(() -> ApplicationModules.of("fixture.modulith.internal", EVERYTHING).verify())
                .isInstanceOf(Violations.class)
                .hasMessageContaining("fixture.modulith.internal.billing.Invoices")
                .hasMessageContaining("non-exposed type fixture.modulith.internal.customers.domain.CustomerRow");
    }

    @Test
    void a_dependency_the_module_does_not_declare_is_refused() {
        assertThatThrownBy(() -> ApplicationModules.of("fixture.modulith.undeclared", EVERYTHING).verify())
                .isInstanceOf(Violations.class)
                .hasMessageContaining("fixture.modulith.undeclared.billing.Invoices")
                .hasMessageContaining("Allowed targets: none");
    }

    @Test
    void a_cycle_between_modules_is_refused() {
        assertThatThrownBy(() -> ApplicationModules.of("fixture.modulith.cycle", EVERYTHING).verify())
                .isInstanceOf(Violations.class)
                .hasMessageContaining("Cycle detected");
    }
}
