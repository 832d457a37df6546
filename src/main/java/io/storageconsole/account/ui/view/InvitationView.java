package io.storageconsole.account.ui.view;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.auth.AnonymousAllowed;
import io.storageconsole.account.service.Invitations;
import io.storageconsole.security.SignInRoutes;

/**
 * Where an invitation's link leads: the new console user chooses their password, once. It ends
 * nothing and signs nobody in; the page then says to sign in, where MFA rules apply as for anyone.
 */
@Route(value = SignInRoutes.INVITATION, autoLayout = false)
@PageTitle("Accept your invitation · Storage Console")
@AnonymousAllowed
public class InvitationView extends LinkPasswordView {

    public static final String SET = "Set password";
    public static final String DONE = "Your password is set. Sign in with your email address and this password.";

    private final Invitations invitations;

    public InvitationView(Invitations invitations) {
        super("Choose your password", SignInRoutes.INVITATION,
                "You were invited to the Storage Console. Choose the password you will sign in with.",
                SET, Invitations.LINK_UNUSABLE);
        this.invitations = invitations;
    }

    @Override
    boolean isUsable(String token) {
        return invitations.isUsable(token);
    }

    @Override
    void setPassword(String token, String newPassword, String confirmation) {
        invitations.accept(token, newPassword, confirmation);
    }

    @Override
    void done() {
        add(answer("invitation-accepted", DONE), new Anchor(SignInRoutes.LOGIN, "Sign in"));
    }

    @Override
    Component[] refusal(String message) {
        return new Component[] {answer("invitation-refused", message), new Anchor(SignInRoutes.LOGIN, "Go to sign in")};
    }
}
