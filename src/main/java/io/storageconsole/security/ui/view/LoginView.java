package io.storageconsole.security.ui.view;

import io.storageconsole.security.SignInRoutes;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.login.LoginForm;
import com.vaadin.flow.component.login.LoginI18n;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.QueryParameters;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.auth.AnonymousAllowed;

@Route(value = SignInRoutes.LOGIN, autoLayout = false)
@PageTitle("Sign in · Storage Console")
@AnonymousAllowed
public class LoginView extends VerticalLayout implements BeforeEnterObserver {

    static final String WRONG_CREDENTIALS_TITLE = "Incorrect email or password";
    static final String WRONG_CREDENTIALS = "Check your email address and password and try again.";
    static final String BLOCKED_TITLE = "Sign-in temporarily blocked";
    static final String PASSWORD_RESET = "Your new password is set, and you were signed out everywhere. Sign in with it.";
    static final String BUSY_TITLE = "The console is busy";
    static final String BUSY = "Too many sign-ins are being checked right now, so yours was not. Try again in a moment.";
    static final String FORM_EXPIRED = "This sign-in form had expired, so nothing was sent. Sign in again.";

    private final LoginForm form = new LoginForm();
    private final Paragraph notice = new Paragraph();

    public LoginView() {
        addClassName("console-login");
        // A page without the console frame is the main landmark itself.
        getElement().setAttribute("role", "main");
        setSizeFull();
        setAlignItems(Alignment.CENTER);
        setJustifyContentMode(JustifyContentMode.CENTER);

        form.setAction(SignInRoutes.LOGIN);
        form.setForgotPasswordButtonVisible(true);
        form.addForgotPasswordListener(forgot -> getUI().ifPresent(ui -> ui.navigate(SignInRoutes.FORGOT_PASSWORD)));
        form.setI18n(i18n(WRONG_CREDENTIALS_TITLE, WRONG_CREDENTIALS));

        notice.addClassName("console-login-notice");
        notice.setVisible(false);
        add(new H1("Storage Console"), notice, form,
                new Anchor("signup", "New here? Create an organization"));
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        QueryParameters query = event.getLocation().getQueryParameters();
        if (query.getParameters().containsKey("busy")) {
            form.setI18n(i18n(BUSY_TITLE, BUSY));
            form.setError(true);
        } else {
            query.getSingleParameter("blocked").ifPresentOrElse(minutes -> {
                form.setI18n(i18n(BLOCKED_TITLE, blockedMessage(minutes)));
                form.setError(true);
            }, () -> form.setError(query.getParameters().containsKey("error")));
        }
        if (query.getParameters().containsKey("expired")) {
            notice.setText(FORM_EXPIRED);
            notice.setVisible(true);
        }
        if (query.getParameters().containsKey("reset")) {
            notice.setText(PASSWORD_RESET);
            notice.setVisible(true);
        }
        if (query.getParameters().containsKey("created")) {
            notice.setText("Your organization is ready. Sign in with the email address and password you chose.");
            notice.setVisible(true);
        }
    }

    static String blockedMessage(String minutes) {
        String wait = minutes.matches("\\d{1,4}") ? minutes + " minute" + ("1".equals(minutes) ? "" : "s") : "a while";
        return "Too many failed sign-ins from your network address. For your security, sign-in to this "
                + "account from here is blocked. Try again in " + wait + ".";
    }

    private static LoginI18n i18n(String errorTitle, String errorMessage) {
        LoginI18n i18n = LoginI18n.createDefault();
        i18n.getForm().setTitle("Sign in");
        i18n.getForm().setUsername("Email");
        i18n.getForm().setSubmit("Sign in");
        i18n.getForm().setForgotPassword("Forgot password?");
        LoginI18n.ErrorMessage error = new LoginI18n.ErrorMessage();
        error.setTitle(errorTitle);
        error.setMessage(errorMessage);
        i18n.setErrorMessage(error);
        return i18n;
    }
}
