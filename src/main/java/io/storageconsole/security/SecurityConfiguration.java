package io.storageconsole.security;

import com.vaadin.flow.spring.security.VaadinAwareSecurityContextHolderStrategyConfiguration;
import com.vaadin.flow.spring.security.VaadinSecurityConfigurer;
import io.storageconsole.security.service.PersistentSignIn;
import io.storageconsole.security.service.PersistentSignInFilter;
import io.storageconsole.security.service.SignInFailureHandler;
import io.storageconsole.security.service.SignInSuccessHandler;
import io.storageconsole.security.service.ThrottledAuthenticationProvider;
import io.storageconsole.security.ui.view.LoginView;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.annotation.web.configurers.FormLoginConfigurer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer.AuthorizedUrl;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.context.SecurityContextHolderFilter;

@Configuration
@EnableWebSecurity
// @PreAuthorize on services only: JSR-250 here would make Spring proxy the views, whose
// @RolesAllowed/@PermitAll belong to Vaadin's navigation access control.
@EnableMethodSecurity
@Import(VaadinAwareSecurityContextHolderStrategyConfiguration.class)
class SecurityConfiguration {

    private static final String ARGON2 = "argon2@SpringSecurity_v5_8";

    @Bean
    SecurityFilterChain securityFilterChain(HttpSecurity http,
                                            ThrottledAuthenticationProvider authenticationProvider,
                                            SignInFailureHandler failureHandler,
                                            SignInSuccessHandler successHandler,
                                            PersistentSignIn persistentSignIn,
                                            ObjectProvider<SecurityContextHolderStrategy> holder) throws Exception {
        http.authorizeHttpRequests(auth -> auth
                .requestMatchers("/actuator/health", "/actuator/health/**").permitAll());
        http.authenticationProvider(authenticationProvider);
        // Our own failure handler tells a blocked address apart from a wrong password; naming the
        // login page here keeps Spring from generating its default one.
        http.formLogin(form -> form.loginPage("/login").failureHandler(failureHandler));
        http.with(VaadinSecurityConfigurer.vaadin(), vaadin -> vaadin
                .loginView(LoginView.class)
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

    /** Argon2id for new hashes; bcrypt hashes (from imports) still verify; at most one hash per processor at once. */
    @Bean
    PasswordEncoder passwordEncoder() {
        return new BoundedPasswordEncoder(new DelegatingPasswordEncoder(ARGON2, Map.of(
                ARGON2, Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8(),
                "bcrypt", new BCryptPasswordEncoder())), Runtime.getRuntime().availableProcessors());
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
