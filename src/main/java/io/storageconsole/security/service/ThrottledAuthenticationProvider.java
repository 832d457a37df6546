package io.storageconsole.security.service;

import io.storageconsole.security.SignedInAccount;
import java.time.Instant;
import java.util.Optional;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Component;

/**
 * Email-and-password sign-in that refuses an IP address which failed too often for the account,
 * before the password is even checked: a blocked IP cannot get in with the right password either.
 */
@Component
public class ThrottledAuthenticationProvider implements AuthenticationProvider {

    /** Longer input is refused without hashing, so nobody can make the server hash megabytes. */
    static final int MAX_PASSWORD_LENGTH = 1024;

    private final UserDetailsService users;
    private final PasswordEncoder passwordEncoder;
    private final SignInThrottle throttle;
    private volatile String unknownUserHash;

    ThrottledAuthenticationProvider(UserDetailsService users, PasswordEncoder passwordEncoder,
                                    SignInThrottle throttle) {
        this.users = users;
        this.passwordEncoder = passwordEncoder;
        this.throttle = throttle;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        String email = authentication.getName();
        String password = authentication.getCredentials() == null ? "" : authentication.getCredentials().toString();
        if (password.isEmpty() || password.length() > MAX_PASSWORD_LENGTH) {
            throw new BadCredentialsException("Bad credentials");
        }
        SignedInAccount account;
        try {
            account = (SignedInAccount) users.loadUserByUsername(email);
        } catch (UsernameNotFoundException e) {
            // Spend the time a real check takes, so response times do not reveal which emails exist.
            passwordEncoder.matches(password, unknownUserHash());
            throw new BadCredentialsException("Bad credentials");
        }
        String ip = ipOf(authentication);
        Optional<Instant> blockedUntil = throttle.blockedUntil(account.accountId(), ip);
        if (blockedUntil.isPresent()) {
            throw new SignInBlockedException(blockedUntil.get());
        }
        if (account.getPassword() == null || !passwordEncoder.matches(password, account.getPassword())) {
            throttle.recordFailure(account, ip);
            throw new BadCredentialsException("Bad credentials");
        }
        throttle.recordSuccess(account.accountId(), ip);
        account.eraseCredentials();
        return UsernamePasswordAuthenticationToken.authenticated(account, null, account.getAuthorities());
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }

    private String unknownUserHash() {
        if (unknownUserHash == null) {
            unknownUserHash = passwordEncoder.encode("no account has this password");
        }
        return unknownUserHash;
    }

    private static String ipOf(Authentication authentication) {
        if (authentication.getDetails() instanceof WebAuthenticationDetails details
                && details.getRemoteAddress() != null) {
            return details.getRemoteAddress();
        }
        return "unknown";
    }
}
