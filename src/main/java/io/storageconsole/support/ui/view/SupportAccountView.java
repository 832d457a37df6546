package io.storageconsole.support.ui.view;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.ListItem;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Section;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.html.UnorderedList;
import com.vaadin.flow.component.orderedlayout.FlexLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouterLink;
import io.storageconsole.account.domain.AccountRole;
import io.storageconsole.account.domain.MfaState;
import io.storageconsole.account.service.AccountSummary;
import io.storageconsole.base.event.EventLabels;
import io.storageconsole.base.event.UserAgents;
import io.storageconsole.base.service.ActionRefusedException;
import io.storageconsole.base.service.InvalidInputException;
import io.storageconsole.base.text.Times;
import io.storageconsole.base.ui.component.Notices;
import io.storageconsole.mfa.service.SupportMfaStatus;
import io.storageconsole.security.Roles;
import io.storageconsole.security.service.SignInThrottle.SignInBlock;
import io.storageconsole.session.service.ActiveSession;
import io.storageconsole.support.domain.SupportRequest;
import io.storageconsole.support.service.AccountPage;
import io.storageconsole.support.service.IdentityVerification;
import io.storageconsole.support.service.SecurityHistory;
import io.storageconsole.support.service.SupportActions;
import io.storageconsole.support.service.SupportDesk;
import io.storageconsole.support.service.VerificationStatus;
import io.storageconsole.support.ui.component.Cells;
import io.storageconsole.support.ui.component.CloseRequestDialog;
import io.storageconsole.support.ui.component.SupportActionDialog;
import jakarta.annotation.security.RolesAllowed;
import java.time.Clock;
import java.util.Optional;
import org.springframework.security.access.AccessDeniedException;

/**
 * One customer account as support sees it: who it is, the open request, the identity check, MFA,
 * sign-in blocks, sessions and the latest security events, with the actions support may take. No
 * secret is ever on it. Opening it is audited (SupportDesk).
 */
@Route("support/account/:id([0-9]{1,18})")
@PageTitle("Account · Support · Storage Console")
@RolesAllowed(Roles.SUPPORT)
public class SupportAccountView extends VerticalLayout implements BeforeEnterObserver {

    public static final String SEND_CODE = "Send verification code";
    public static final String SEND_NEW_CODE = "Send a new code";
    public static final String CODE = "Code the customer reads out";
    public static final String VERIFY = "Verify";
    public static final String IDENTITY_VERIFIED = "Identity verified";
    public static final String RESET_MFA = "Reset MFA";
    public static final String UNLOCK_CODES = "Unlock MFA codes";
    public static final String LIFT_BLOCKS = "Lift sign-in blocks";
    public static final String END_SESSION = "End session";
    public static final String END_ALL_SESSIONS = "End all sessions";
    public static final String CLOSE_REQUEST = "Close request";
    public static final String VERIFY_FIRST = "Verify the customer's identity to use these actions.";

    private final SupportDesk desk;
    private final IdentityVerification identity;
    private final SupportActions actions;
    private final Clock clock;
    private long accountId;

    public SupportAccountView(SupportDesk desk, IdentityVerification identity, SupportActions actions, Clock clock) {
        this.desk = desk;
        this.identity = identity;
        this.actions = actions;
        this.clock = clock;
        addClassNames("console-page", "support-page", "support-account");
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        accountId = event.getRouteParameters().getLong("id").orElse(-1L);
        try {
            render(desk.open(accountId));
        } catch (ActionRefusedException e) {
            showRefusal(e.getMessage());
        } catch (AccessDeniedException e) {
            showRefusal("Support does not look up this account.");
        }
    }

    private void reload() {
        try {
            render(desk.reload(accountId));
        } catch (ActionRefusedException e) {
            showRefusal(e.getMessage());
        }
    }

    private void render(AccountPage page) {
        removeAll();
        AccountSummary account = page.account();
        Paragraph who = new Paragraph(SupportView.roleName(account.role())
                + (page.organizationName() == null ? "" : " of " + page.organizationName()));
        who.addClassName("support-account-who");
        Div sections = new Div(verificationSection(page), requestSection(page), mfaSection(page), blocksSection(page),
                sessionsSection(page), accountSection(page), eventsSection(page));
        sections.addClassName("support-sections");
        add(new RouterLink("Back to the support queue", SupportView.class), new H1(account.email()), who, sections);
    }

    private Section accountSection(AccountPage page) {
        AccountSummary account = page.account();
        return section("Account",
                fact("Email", account.email()),
                fact("Organization", page.organizationName() == null ? "none" : page.organizationName()),
                fact("Role", SupportView.roleName(account.role())),
                fact("Console login", account.consoleAccess() ? "Yes" : account.invited() ? "Not yet (invited)" : "No (API keys only)"),
                fact("Created", Times.minute(account.createdAt())),
                fact("Last sign-in", Times.minuteOr(account.lastSignInAt(), "never")));
    }

    private Section requestSection(AccountPage page) {
        Optional<SupportRequest> open = page.openRequest();
        if (open.isEmpty()) {
            return section("Support request", new Paragraph("No open request."));
        }
        SupportRequest request = open.get();
        Paragraph description = new Paragraph(request.description());
        description.addClassName("support-request-description");
        Button close = new Button(CLOSE_REQUEST, click -> new CloseRequestDialog(
                (outcome, note) -> desk.closeRequest(accountId, request.id(), outcome, note), () -> {
                    reload();
                    Notices.success("The request was closed and the owner was told.");
                }).open());
        return section("Support request",
                fact("Request", String.valueOf(request.id())),
                fact("Opened", Times.minute(request.openedAt()) + " (" + Times.ago(request.openedAt(), clock.instant()) + ")"),
                fact("Last changed", Times.minute(request.updatedAt())),
                fact("Contact", request.contact()),
                fact("Sent from", (request.ip() == null ? "unknown address" : request.ip()) + ", "
                        + UserAgents.describe(request.userAgent())),
                new Span("What happened:"), description, close);
    }

    private Section verificationSection(AccountPage page) {
        VerificationStatus status = page.verification();
        Section section = section("Identity verification");
        if (status.verified()) {
            Span badge = new Span(IDENTITY_VERIFIED);
            badge.getElement().getThemeList().add("badge success");
            badge.setId("support-identity-verified");
            Paragraph line = new Paragraph(badge, new Span(" at " + Times.clock(status.verifiedAt()) + " by "
                    + status.verifiedBy() + ", valid until " + Times.clock(status.verifiedUntil()) + "."));
            section.add(line);
            if (!status.verifiedByMe()) {
                section.add(new Paragraph("Only " + status.verifiedBy() + " may act on that check. To act yourself, "
                        + "send a new code and verify the customer again."));
            }
        } else {
            section.add(new Paragraph("Not verified. Send a one-time code to the account's address ("
                    + page.account().email() + "), ask the customer to read it back, and type it in below."));
        }
        if (status.codeWaiting()) {
            section.add(new Paragraph("A code was sent at " + Times.clock(status.codeSentAt()) + " by " + status.codeSentBy()
                    + "; it works until " + Times.clock(status.codeExpiresAt()) + ", for "
                    + IdentityVerification.MAX_TRIES + " tries."));
            TextField code = new TextField(CODE);
            code.setMaxLength(40);
            code.getElement().setAttribute("autocomplete", "off");
            code.setHelperText(IdentityVerification.CODE_DIGITS + " digits, spaces allowed");
            Button verify = new Button(VERIFY, click -> {
                try {
                    identity.verify(accountId, code.getValue());
                    reload();
                    Notices.success("Identity verified. You may act on the account for 30 minutes.");
                } catch (InvalidInputException e) {
                    code.setErrorMessage(e.messageFor("code"));
                    code.setInvalid(true);
                } catch (ActionRefusedException e) {
                    reload();
                    Notices.error(e.getMessage());
                }
            });
            verify.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
            verify.addClickShortcut(Key.ENTER).listenOn(code);
            FlexLayout form = new FlexLayout(code, verify);
            form.addClassName("support-inline-form");
            form.setAlignItems(FlexLayout.Alignment.BASELINE);
            section.add(form);
        }
        Button send = new Button(status.codeWaiting() ? SEND_NEW_CODE : SEND_CODE, click -> {
            try {
                identity.sendCode(accountId);
                reload();
                Notices.success("A code was mailed to " + page.account().email() + ". Ask the customer to read it out.");
            } catch (ActionRefusedException e) {
                Notices.error(e.getMessage());
            }
        });
        if (!status.codeWaiting()) {
            send.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        }
        section.add(send);
        return section;
    }

    private Section mfaSection(AccountPage page) {
        SupportMfaStatus mfa = page.mfa();
        boolean verified = page.verification().verifiedByMe();
        // The state's one label (MfaState), with what support needs to know beside it.
        String state = mfa.state().label() + switch (mfa.state()) {
            case ACTIVE -> mfa.activeSince() == null ? "" : " since " + Times.minute(mfa.activeSince());
            case PENDING -> mfa.setUpStartedAt() == null ? ": set-up at the next sign-in"
                    : ": set-up under way since " + Times.minute(mfa.setUpStartedAt());
            case OFF -> "";
        };
        Section section = section("Multi-factor authentication",
                fact("State", state),
                fact("Recovery codes left", mfa.state() == MfaState.ACTIVE
                        ? mfa.unusedRecoveryCodes() + " of 10" : "none"),
                fact("MFA codes", mfa.codesLockedUntil() == null ? "Not locked"
                        : "Locked until " + Times.minute(mfa.codesLockedUntil())));
        page.pendingApproval().ifPresent(pending -> section.add(new Paragraph("A reset waits for a second support "
                + "member's approval: asked for by " + pending.requestedBy() + ", " + Times.ago(pending.approval().requestedAt(),
                clock.instant()) + " (ticket " + pending.approval().ticket() + ").")));
        boolean root = page.resetNeedsApproval();
        Button reset = new Button(RESET_MFA, click -> new SupportActionDialog(
                (root ? "Ask for approval to reset the MFA of " : "Reset the MFA of ") + page.account().email() + "?",
                (root ? "This is a root account: a second support member must approve the reset from the support "
                        + "queue. Once approved: " : "")
                        + "the authenticator and recovery codes of the account are removed, every session of the "
                        + "account ends at once, and the user must set up MFA again at the next sign-in. The owner"
                        + (page.account().role() == AccountRole.SUB_USER ? " and the organization's root user are" : " is")
                        + " told by email.",
                root ? "Ask for approval" : RESET_MFA, true,
                reason -> {
                    SupportActions.ResetResult result = actions.resetMfa(accountId, reason);
                    Notices.success(result == SupportActions.ResetResult.RESET
                            ? "MFA was reset and every session ended. The user sets up MFA again at the next sign-in."
                            : "The reset waits for a second support member's approval in the support queue.");
                }, this::reload).open());
        reset.addThemeVariants(ButtonVariant.LUMO_ERROR);
        reset.setEnabled(verified && mfa.state() != MfaState.OFF
                && page.pendingApproval().isEmpty());
        Button unlock = new Button(UNLOCK_CODES, click -> new SupportActionDialog(
                "Unlock the MFA codes of " + page.account().email() + "?",
                "Codes from the authenticator app are accepted again at once and the wrong codes counted so far are "
                        + "forgotten. The owner is told by email.",
                UNLOCK_CODES, false,
                reason -> {
                    actions.unlockCodes(accountId, reason);
                    Notices.success("MFA codes were unlocked.");
                }, this::reload).open());
        unlock.setEnabled(verified && mfa.codesLockedUntil() != null);
        section.add(actionsLine(verified, reset, unlock));
        return section;
    }

    private Section blocksSection(AccountPage page) {
        Section section = section("Sign-in blocks");
        if (page.signInBlocks().isEmpty()) {
            section.add(new Paragraph("No network address is blocked from signing in to this account."));
        } else {
            UnorderedList list = new UnorderedList();
            for (SignInBlock block : page.signInBlocks()) {
                list.add(new ListItem(block.ip() + " blocked until " + Times.minute(block.until())));
            }
            section.add(list);
        }
        boolean verified = page.verification().verifiedByMe();
        Button lift = new Button(LIFT_BLOCKS, click -> new SupportActionDialog(
                "Lift the sign-in blocks of " + page.account().email() + "?",
                "Every blocked address may try to sign in again at once, and the failed sign-ins counted so far are "
                        + "forgotten. The owner is told by email.",
                LIFT_BLOCKS, false,
                reason -> {
                    int lifted = actions.liftSignInBlocks(accountId, reason);
                    Notices.success(lifted == 1 ? "1 block was lifted." : lifted + " blocks were lifted.");
                }, this::reload).open());
        lift.setEnabled(verified && !page.signInBlocks().isEmpty());
        section.add(actionsLine(verified, lift));
        return section;
    }

    private Section sessionsSection(AccountPage page) {
        Section section = section("Active sessions");
        section.addClassName("support-wide");
        if (page.sessions().isEmpty()) {
            section.add(new Paragraph("No browser is signed in to this account."));
            return section;
        }
        Grid<ActiveSession> grid = new Grid<>();
        grid.getElement().setAttribute("aria-label", "Active sessions");
        grid.addComponentColumn(session -> Cells.twoLines(session.device(), session.ip()))
                .setHeader("Browser and address").setKey("browser").setWidth("9rem").setFlexGrow(1);
        grid.addComponentColumn(session -> Cells.twoLines("Active " + Times.ago(session.lastActiveAt(), clock.instant()),
                        "signed in " + Times.minute(session.signedInAt())))
                .setHeader("Activity").setKey("activity").setWidth("9rem").setFlexGrow(1);
        grid.addComponentColumn(session -> {
            Button end = new Button(END_SESSION, click -> new SupportActionDialog(
                    "End this session of " + page.account().email() + "?",
                    "The " + session.device() + " browser at " + session.ip() + " is signed out at its next request. "
                            + "The owner is told by email.",
                    END_SESSION, true,
                    reason -> {
                        actions.endSession(accountId, session.id(), reason);
                        Notices.success("The session was ended.");
                    }, this::reload).open());
            end.addThemeVariants(ButtonVariant.LUMO_SMALL);
            end.setAriaLabel(END_SESSION + ": " + session.device() + ", " + session.ip());
            return end;
        // Kept in view at the grid's end: on a phone the other columns scroll sideways beneath it.
        }).setHeader("Action").setKey("action").setAutoWidth(true).setFlexGrow(0).setFrozenToEnd(true);
        grid.setItems(page.sessions());
        grid.setAllRowsVisible(true);
        grid.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_WRAP_CELL_CONTENT);
        Button endAll = new Button(END_ALL_SESSIONS, click -> new SupportActionDialog(
                "End every session of " + page.account().email() + "?",
                "All " + page.sessions().size() + " browsers signed in to the account are signed out at their next "
                        + "request. Nothing else changes: the user can sign in again. The owner is told by email.",
                END_ALL_SESSIONS, true,
                reason -> {
                    int ended = actions.endAllSessions(accountId, reason);
                    Notices.success(ended == 1 ? "1 session was ended." : ended + " sessions were ended.");
                }, this::reload).open());
        endAll.addThemeVariants(ButtonVariant.LUMO_ERROR);
        section.add(grid, endAll);
        return section;
    }

    private Section eventsSection(AccountPage page) {
        Section section = section("Latest security events");
        section.addClassName("support-wide");
        if (page.recentEvents().isEmpty()) {
            section.add(new Paragraph("No security event is recorded for this account."));
            return section;
        }
        Grid<SecurityHistory.Entry> grid = new Grid<>();
        grid.getElement().setAttribute("aria-label", "Latest security events");
        grid.addColumn(entry -> Times.minute(entry.occurredAt())).setHeader("Time").setWidth("7rem").setFlexGrow(0);
        grid.addComponentColumn(entry -> Cells.twoLines(EventLabels.of(entry.type()) + (entry.details() == null ? "" : ": " + entry.details()),
                        "by " + (entry.actorEmail() == null ? "nobody signed in" : entry.actorEmail())
                                + (entry.ip() == null ? "" : " · " + entry.ip())
                                + (entry.userAgent() == null ? "" : " · " + UserAgents.describe(entry.userAgent()))))
                .setHeader("Event").setKey("event").setWidth("12rem").setFlexGrow(1);
        grid.setItems(page.recentEvents());
        grid.setAllRowsVisible(true);
        grid.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_WRAP_CELL_CONTENT);
        section.add(grid);
        return section;
    }

    private Component actionsLine(boolean verified, Button... buttons) {
        FlexLayout line = new FlexLayout(buttons);
        line.addClassName("support-actions");
        if (!verified) {
            Span hint = new Span(VERIFY_FIRST);
            hint.addClassName("support-hint");
            line.add(hint);
        }
        return line;
    }

    private void showRefusal(String message) {
        removeAll();
        Paragraph refusal = new Paragraph(message);
        refusal.getElement().setAttribute("role", "alert");
        add(new RouterLink("Back to the support queue", SupportView.class), new H1("Account"), refusal);
    }

    private static Div fact(String label, String value) {
        Span name = new Span(label);
        name.addClassName("console-label");
        Div line = new Div(name, new Span(value));
        line.addClassName("console-line");
        return line;
    }

    private static Section section(String title, Component... content) {
        Section section = new Section(new H2(title));
        section.addClassName("console-section");
        section.add(content);
        return section;
    }
}
