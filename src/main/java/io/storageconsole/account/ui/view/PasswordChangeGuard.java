package io.storageconsole.account.ui.view;

import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.server.ServiceInitEvent;
import com.vaadin.flow.server.VaadinServiceInitListener;
import com.vaadin.flow.server.VaadinSession;
import io.storageconsole.account.service.AccountService;
import io.storageconsole.security.CurrentAccount;
import io.storageconsole.security.SignedInAccount;
import java.util.Objects;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * "Must change at first sign-in": while the signed-in user's password is one the root user chose,
 * every page leads to {@link FirstPasswordView}. MFA comes first as always: only a complete sign-in
 * is checked. Once an account is seen not to owe a change, its browser session is not asked again.
 */
@Component
class PasswordChangeGuard implements VaadinServiceInitListener {

    private static final String CHECKED = PasswordChangeGuard.class.getName() + ".checkedAccount";

    private final AccountService accounts;

    PasswordChangeGuard(AccountService accounts) {
        this.accounts = accounts;
    }

    @Override
    public void serviceInit(ServiceInitEvent event) {
        event.getSource().addUIInitListener(init -> init.getUI().addBeforeEnterListener(this::beforeEnter));
    }

    private void beforeEnter(BeforeEnterEvent event) {
        Optional<SignedInAccount> me = CurrentAccount.find();
        if (me.isEmpty() || event.getNavigationTarget() == FirstPasswordView.class) {
            return;
        }
        VaadinSession session = VaadinSession.getCurrent();
        if (Objects.equals(session.getAttribute(CHECKED), me.get().accountId())) {
            return;
        }
        if (accounts.mustChangePassword()) {
            event.forwardTo(FirstPasswordView.class);
        } else {
            session.setAttribute(CHECKED, me.get().accountId());
        }
    }
}
