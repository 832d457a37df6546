package io.storageconsole.testing;

import io.storageconsole.mfa.service.TotpVerifier;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * The sign-in benchmark's floors, measured in the running console over HTTP: a request that only
 * checks a password with the console's own password encoder (its Argon2id, its memory pool, its
 * admission), or only checks a code with its TOTP verifier, and answers how many nanoseconds the
 * check took. Its server time (the access log) is the floor a sign-in's step is judged against:
 * the same JVM and compiled code as the sign-in, the same HTTP around it, nothing else.
 * <p>
 * Never part of the console: {@link #jar} packs this class, with the auto-configuration entry
 * that registers it, into a jar of its own, which only the benchmark's console is started with
 * ({@code loader.path}, see {@link ProductionJar#start}). The filter answers before Spring
 * Security on its two paths only.
 */
@AutoConfiguration
public class CryptoFloorProbe {

    public static final String ARGON2 = "/benchmark-floor/argon2";
    public static final String TOTP = "/benchmark-floor/totp";

    @Bean
    FilterRegistrationBean<Filter> cryptoFloorProbe(ObjectProvider<PasswordEncoder> passwords, ObjectProvider<TotpVerifier> codes) {
        FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>(new Filter() {
            @Override
            public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain) throws IOException, ServletException {
                HttpServletRequest http = (HttpServletRequest) request;
                long started = System.nanoTime();
                boolean accepted = ARGON2.equals(http.getRequestURI())
                        ? passwords.getObject().matches(http.getParameter("password"), http.getParameter("hash"))
                        : codes.getObject().verify(http.getParameter("secret"), http.getParameter("code")).isPresent();
                long nanos = System.nanoTime() - started;
                HttpServletResponse answer = (HttpServletResponse) response;
                answer.setStatus(accepted ? 200 : 422);
                answer.setContentType("text/plain");
                answer.getWriter().write(Long.toString(nanos));
            }
        });
        registration.addUrlPatterns(ARGON2, TOTP);
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    /** A jar of this class and its auto-configuration entry, written to {@code file}. */
    public static Path jar(Path file) {
        try {
            Path classes = Path.of(CryptoFloorProbe.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            String prefix = CryptoFloorProbe.class.getName().replace('.', '/');
            Files.createDirectories(file.toAbsolutePath().getParent());
            try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(file));
                 Stream<Path> compiled = Files.walk(classes.resolve(prefix).getParent())) {
                for (Path entry : compiled.filter(path -> classes.relativize(path).toString().replace('\\', '/').startsWith(prefix)
                        && path.toString().endsWith(".class")).toList()) {
                    put(jar, classes.relativize(entry).toString().replace('\\', '/'), Files.readAllBytes(entry));
                }
                put(jar, "META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports",
                        (CryptoFloorProbe.class.getName() + "\n").getBytes(StandardCharsets.UTF_8));
            }
            return file.toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void put(JarOutputStream jar, String name, byte[] content) throws IOException {
        jar.putNextEntry(new JarEntry(name));
        jar.write(content);
        jar.closeEntry();
    }
}
