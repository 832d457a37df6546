package io.storageconsole.security.web;

import io.storageconsole.security.SignedInAccount;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.Optional;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Makes the console session, not the servlet session, decide who is signed in. On every request
 * (static files aside) it asks the database: a valid console session signs the browser in again
 * (after a browser or application restart, or on another node); a complete sign-in without one
 * (ended or expired) is thrown out, so the next page is the sign-in page.
 * A sign-in half-way through the second factor is left alone: it has no console session yet.
 */
public final class PersistentSignInFilter extends OncePerRequestFilter {

    private final PersistentSignIn persistentSignIn;
    private final SecurityContextHolderStrategy holder;
    private final SecurityContextRepository repository = new HttpSessionSecurityContextRepository();

    /** @param holder the strategy the rest of this filter chain uses (Vaadin's, see SecurityConfiguration) */
    public PersistentSignInFilter(PersistentSignIn persistentSignIn, SecurityContextHolderStrategy holder) {
        this.persistentSignIn = persistentSignIn;
        this.holder = holder;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        SignedInAccount current = signedIn(holder.getContext().getAuthentication());
        boolean hadServletSession = request.getSession(false) != null;
        Optional<SignedInAccount> resumed = persistentSignIn.resume(request, response);
        if (current == null || current.isComplete()) {
            if (resumed.isPresent()) {
                if (current == null || current.accountId() != resumed.get().accountId()) {
                    signInAgain(resumed.get(), hadServletSession, request, response);
                }
            } else if (current != null) {
                signOutHere(request);
            }
        }
        chain.doFilter(request, response);
    }

    /** Static files need no sign-in, and a page load fetches many: they cost no database query; nor does health. */
    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return StaticFiles.isStaticFile(request) || path.equals("/actuator/health") || path.startsWith("/actuator/health/");
    }

    private void signInAgain(SignedInAccount account, boolean hadServletSession, HttpServletRequest request,
                             HttpServletResponse response) {
        if (hadServletSession) {
            // A servlet session that existed before this sign-in may have been planted (session fixation).
            request.changeSessionId();
        }
        SecurityContext context = holder.createEmptyContext();
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(account, null, account.getAuthorities()));
        holder.setContext(context);
        repository.saveContext(context, request, response);
    }

    private void signOutHere(HttpServletRequest request) {
        holder.clearContext();
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.invalidate();
        }
    }

    private static SignedInAccount signedIn(Authentication authentication) {
        return authentication != null && authentication.isAuthenticated()
                && authentication.getPrincipal() instanceof SignedInAccount account ? account : null;
    }
}
