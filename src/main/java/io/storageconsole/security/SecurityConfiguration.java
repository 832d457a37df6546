package io.storageconsole.security;

import com.vaadin.flow.spring.security.RequestUtil;
import com.vaadin.flow.spring.security.VaadinAwareSecurityContextHolderStrategyConfiguration;
import com.vaadin.flow.spring.security.VaadinSecurityConfigurer;
import io.storageconsole.security.web.PersistentSignIn;
import io.storageconsole.security.web.NoStoreFilter;
import io.storageconsole.security.web.PersistentSignInFilter;
import io.storageconsole.security.web.SignInFormExpiredHandler;
import io.storageconsole.security.web.SignInFailureHandler;
import io.storageconsole.security.web.SignInSuccessHandler;
import io.storageconsole.security.web.ThrottledAuthenticationProvider;
import io.storageconsole.security.ui.view.LoginView;
import java.time.Duration;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Lazy;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.annotation.web.configurers.FormLoginConfigurer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer.AuthorizedUrl;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.security.web.csrf.CsrfFilter;
import org.springframework.security.web.header.HeaderWriterFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.header.writers.StaticHeadersWriter;
import org.springframework.security.web.util.matcher.AnyRequestMatcher;

@Configuration
@EnableWebSecurity
// @PreAuthorize on services only: JSR-250 here would make Spring proxy the views, whose
// @RolesAllowed/@PermitAll belong to Vaadin's navigation access control.
@EnableMethodSecurity
@Import(VaadinAwareSecurityContextHolderStrategyConfiguration.class)
class SecurityConfiguration {

    private static final String ARGON2 = "argon2@SpringSecurity_v5_8";

    /**
     * Vaadin needs inline and evaluated scripts (its bootstrap page, executeJs), inline styles (Lumo,
     * component styles), data: images (the enrolment QR code) and a connection to its own origin
     * (requests and push); nothing else is loaded from anywhere, and no site may frame the console.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self' 'unsafe-inline' 'unsafe-eval'; "
            + "style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; "
            + "worker-src 'self' blob:; frame-ancestors 'none'; form-action 'self'; base-uri 'self'; object-src 'none'";
    static final String PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), "
            + "serial=(), bluetooth=(), hid=(), midi=(), magnetometer=(), gyroscope=(), accelerometer=(), "
            + "display-capture=(), interest-cohort=()";
    private static final long ONE_YEAR_SECONDS = 31_536_000;

    /**
     * Built at start-up although beans are lazy: building it is what switches Vaadin's navigation
     * access control on, and a view opened before the first HTTP request built it (Karibu, any
     * in-JVM navigation) would otherwise be opened unchecked. NavigationAccessControlTest guards it.
     */
    @Bean
    @Lazy(false)
    SecurityFilterChain securityFilterChain(HttpSecurity http,
                                            ThrottledAuthenticationProvider authenticationProvider,
                                            SignInFailureHandler failureHandler,
                                            SignInSuccessHandler successHandler,
                                            PersistentSignIn persistentSignIn,
                                            RequestUtil vaadinRequests,
                                            @Value("${console.security.https-only:false}") boolean httpsOnly,
                                            ObjectProvider<SecurityContextHolderStrategy> holder) throws Exception {
        http.authorizeHttpRequests(auth -> auth
                .requestMatchers("/actuator/health", "/actuator/health/**").permitAll());
        // CSRF on every form post, POST /login included (Vaadin's own set-up leaves the login page
        // out; its LoginForm sends the token from the page's _csrf meta tags). Vaadin's requests
        // carry Vaadin's own token instead. A sign-in form that outlived its token goes back to the
        // sign-in page with a word instead of an error page.
        http.csrf(csrf -> csrf
                .ignoringRequestMatchers(vaadinRequests::isFrameworkInternalRequest)
                .withObjectPostProcessor(new ObjectPostProcessor<CsrfFilter>() {
                    @Override
                    public <O extends CsrfFilter> O postProcess(O filter) {
                        filter.setAccessDeniedHandler(new SignInFormExpiredHandler());
                        return filter;
                    }
                }));
        http.headers(headers -> {
            headers.contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
                    .referrerPolicy(referrer -> referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN))
                    .addHeaderWriter(new StaticHeadersWriter("Permissions-Policy", PERMISSIONS_POLICY))
                    // NoStoreFilter decides Cache-Control for every response.
                    .cacheControl(cache -> cache.disable());
            if (httpsOnly) {
                // Behind a TLS-terminating balancer the request looks like plain HTTP: send HSTS anyway.
                headers.httpStrictTransportSecurity(hsts -> hsts.requestMatcher(AnyRequestMatcher.INSTANCE)
                        .maxAgeInSeconds(ONE_YEAR_SECONDS).includeSubDomains(true));
            }
        });
        http.addFilterBefore(new NoStoreFilter(), HeaderWriterFilter.class);
        // The sign-in filter's only manager, without a parent: a provider bean would otherwise also
        // sit in the global manager, which checked every wrong password a second time. It publishes
        // no events: a sign-in is recorded only once its console session started (SignInSuccessHandler),
        // not when its password was right and the session could still be refused.
        ProviderManager signInManager = new ProviderManager(authenticationProvider);
        http.authenticationManager(signInManager);
        // Our own failure handler tells a blocked address apart from a wrong password; naming the
        // login page here keeps Spring from generating its default one.
        http.formLogin(form -> form.loginPage(SignInRoutes.path(SignInRoutes.LOGIN)).failureHandler(failureHandler));
        http.with(VaadinSecurityConfigurer.vaadin(), vaadin -> vaadin
                .loginView(LoginView.class)
                .enableCsrfConfiguration(false)
                .addLogoutHandler((request, response, authentication) -> persistentSignIn.end(request, response))
                .anyRequest(AuthorizedUrl::authenticated));
        // The console session in the database, not the short-lived servlet session, says who is
        // signed in: checked on every request, right after the servlet session's context is loaded.
        http.addFilterAfter(new PersistentSignInFilter(persistentSignIn,
                holder.getIfUnique(SecurityContextHolder::getContextHolderStrategy)), SecurityContextHolderFilter.class);
        // Added after Vaadin's configurer so that its init, which sets a success handler, runs first.
        http.with(new SecondFactorRedirect(successHandler), Customizer.withDefaults());
        return http.build();
    }

    /**
     * Argon2id for new hashes; bcrypt hashes (from imports) still verify; at most one hash per
     * processor at once (at most 16 unless configured), at most {@code hashQueue} waiting for one (any
     * more are refused as busy at once), and one that waited {@code hashWait} is refused as busy too
     * (decision 0041). The console does not start if those could hold half of Tomcat's threads
     * (decision 0045).
     */
    @Bean
    PasswordEncoder passwordEncoder(@Value("${console.sign-in.concurrent-hashes:0}") int concurrentHashes,
                                    @Value("${console.sign-in.hash-queue:64}") int hashQueue,
                                    @Value("${console.sign-in.hash-wait:10s}") Duration hashWait,
                                    @Value("${server.tomcat.threads.max:200}") int serverThreads) {
        HashAdmission admission = HashAdmission.of(Runtime.getRuntime().availableProcessors(),
                concurrentHashes, hashQueue, serverThreads);
        // Spring Security's Argon2id, its parameters and stored form, on block memory kept per permit (decision 0040).
        return new BoundedPasswordEncoder(new DelegatingPasswordEncoder(ARGON2, Map.of(
                ARGON2, new PooledArgon2PasswordEncoder(admission.concurrentHashes()),
                "bcrypt", new BCryptPasswordEncoder())), admission.concurrentHashes(), admission.queue(), hashWait);
    }

    /** Puts our success handler on the form login, which sends a half-finished sign-in to the MFA page. */
    private static final class SecondFactorRedirect extends AbstractHttpConfigurer<SecondFactorRedirect, HttpSecurity> {

        private final SignInSuccessHandler successHandler;

        private SecondFactorRedirect(SignInSuccessHandler successHandler) {
            this.successHandler = successHandler;
        }

        @Override
        @SuppressWarnings("unchecked")
        public void init(HttpSecurity http) {
            FormLoginConfigurer<HttpSecurity> formLogin = http.getConfigurer(FormLoginConfigurer.class);
            formLogin.successHandler(successHandler);
        }
    }
}
