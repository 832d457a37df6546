package io.storageconsole.security.web;

import io.storageconsole.base.database.ConflictRetry;
import io.storageconsole.security.PasswordCheckBusyException;
import io.storageconsole.security.service.ClientAddress;

import io.storageconsole.security.service.SignInThrottle;


import io.storageconsole.security.SignedInAccount;
import io.storageconsole.security.SignInStage;
import io.storageconsole.security.service.SecondFactorPolicy;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Component;

/**
 * Email-and-password sign-in. The attempt is counted for the account and IP address before the
 * password is checked, so parallel requests cannot check more passwords than the limit allows, and
 * a blocked address cannot get in with the right password either. Every sign-in that reaches the
 * check costs one password hash, whether the account exists, has a password or not, so response
 * times do not tell them apart. Once the password is accepted, the MFA feature says whether a second
 * factor is owed.
 */
@Component
public class ThrottledAuthenticationProvider implements AuthenticationProvider {

    /** Longer input is refused without hashing, so nobody can make the server hash megabytes. */
    static final int MAX_PASSWORD_LENGTH = 1024;
    private static final Logger log = LoggerFactory.getLogger(ThrottledAuthenticationProvider.class);

    private final UserDetailsService users;
    private final PasswordEncoder passwordEncoder;
    private final SignInThrottle throttle;
    private final SecondFactorPolicy secondFactor;
    private final String noAccountsHash;

    ThrottledAuthenticationProvider(UserDetailsService users, PasswordEncoder passwordEncoder,
                                    SignInThrottle throttle, SecondFactorPolicy secondFactor) {
        this.users = users;
        this.passwordEncoder = passwordEncoder;
        this.throttle = throttle;
        this.secondFactor = secondFactor;
        // A hash of the current kind that no typed password matches.
        this.noAccountsHash = passwordEncoder.encode(java.util.UUID.randomUUID().toString());
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        try {
            return check(authentication);
        } catch (AuthenticationException answer) {
            throw answer;
        } catch (RuntimeException e) {
            // Still out of reach after every run (a database node went away, decision 0036): "busy", not an error page.
            if (!ConflictRetry.isBusy(e)) {
                throw e;
            }
            log.warn("A sign-in was answered busy: the database stayed out of reach through every run ({})", e.toString());
            throw new SignInBusyException();
        }
    }

    private Authentication check(Authentication authentication) {
        String email = authentication.getName();
        String password = authentication.getCredentials() == null ? "" : authentication.getCredentials().toString();
        if (password.isEmpty() || password.length() > MAX_PASSWORD_LENGTH) {
            throw new BadCredentialsException("Bad credentials");
        }
        SignedInAccount account;
        try {
            account = (SignedInAccount) users.loadUserByUsername(email);
        } catch (UsernameNotFoundException e) {
            account = null;
        }
        ClientAddress address = addressOf(authentication);
        // An unknown email is counted and blocked like an account, so the answers do not differ.
        SignInThrottle.Reservation reservation = account == null
                ? throttle.reserveUnknown(email, address) : throttle.reserve(account, address);
        if (!reservation.granted()) {
            throw new SignInBlockedException(reservation.lockedUntil());
        }
        boolean hasPassword = account != null && account.getPassword() != null;
        // Decided before the hash, while the caches are warm (after it, a read took twice as long): from the MFA state
        // read with the account, and for a customer without MFA the organization's enforcement, the one read left.
        // It tells nothing unless the password matches (decision 0052).
        SignInStage stage = hasPassword ? stageOrNotChecked(account, reservation) : null;
        boolean matches;
        try {
            // An unknown email or an account without console login (API keys only) costs a hash too: the same time.
            matches = passwordEncoder.matches(password, hasPassword ? account.getPassword() : noAccountsHash) && hasPassword;
        } catch (PasswordCheckBusyException busy) {
            throttle.notChecked(reservation);
            throw new SignInBusyException();
        }
        if (!matches) {
            if (account != null) {
                throttle.failed(account, reservation);
            }
            throw new BadCredentialsException("Bad credentials");
        }
        // Recorded after the answer: the sign-in does not wait for its round trip (decision 0052).
        throttle.succeeded(reservation);
        SignedInAccount signedIn = account.atStage(stage);
        signedIn.eraseCredentials();
        return UsernamePasswordAuthenticationToken.authenticated(signedIn, null, signedIn.getAuthorities());
    }

    /** Where the sign-in goes once the password matches; when what it needs cannot be read, no password was checked. */
    private SignInStage stageOrNotChecked(SignedInAccount account, SignInThrottle.Reservation reservation) {
        try {
            return secondFactor.stageAfterPassword(account);
        } catch (RuntimeException unread) {
            try {
                throttle.notChecked(reservation);
            } catch (RuntimeException alsoUnreachable) {
                unread.addSuppressed(alsoUnreachable);
            }
            throw unread;
        }
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }

    /** What the request (or the proxy's header) says, validated: never raw text in a key, an audit row or a mail. */
    private static ClientAddress addressOf(Authentication authentication) {
        return authentication.getDetails() instanceof WebAuthenticationDetails details
                ? ClientAddress.of(details.getRemoteAddress()) : ClientAddress.UNREADABLE;
    }
}
