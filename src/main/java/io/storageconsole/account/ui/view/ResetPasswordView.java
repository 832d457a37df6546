package io.storageconsole.account.ui.view;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.auth.AnonymousAllowed;
import io.storageconsole.account.service.PasswordResets;
import io.storageconsole.security.SignInRoutes;

/** Where the link of "Forgot password?" leads: a new password, once; then sign in as usual. */
@Route(value = SignInRoutes.RESET_PASSWORD, autoLayout = false)
@PageTitle("Set a new password · Storage Console")
@AnonymousAllowed
public class ResetPasswordView extends LinkPasswordView {

    public static final String SET = "Set new password";

    private final PasswordResets resets;

    public ResetPasswordView(PasswordResets resets) {
        super("Set a new password", SignInRoutes.RESET_PASSWORD,
                "Setting a new password signs you out everywhere. If MFA is on, signing in still asks for your code.",
                SET, PasswordResets.LINK_UNUSABLE);
        this.resets = resets;
    }

    @Override
    boolean isUsable(String token) {
        return resets.isUsable(token);
    }

    @Override
    void setPassword(String token, String newPassword, String confirmation) {
        resets.setNewPassword(token, newPassword, confirmation);
    }

    @Override
    void done() {
        getUI().ifPresent(ui -> ui.getPage().setLocation(SignInRoutes.LOGIN + "?reset"));
    }

    @Override
    Component[] refusal(String message) {
        return new Component[] {answer("reset-password-refused", message),
                new Anchor(SignInRoutes.FORGOT_PASSWORD, "Ask for a new link"), new Anchor(SignInRoutes.LOGIN, "Back to sign in")};
    }
}
