package io.storageconsole.mfa.ui.component;

import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Image;
import com.vaadin.flow.component.html.ListItem;
import com.vaadin.flow.component.html.OrderedList;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.textfield.TextField;
import io.storageconsole.base.service.ActionRefusedException;
import io.storageconsole.base.service.InvalidInputException;
import io.storageconsole.base.ui.component.Notices;
import io.storageconsole.mfa.service.CodeLockedException;
import io.storageconsole.mfa.service.Enrolment;
import io.storageconsole.mfa.service.MfaService;
import java.util.Base64;
import java.util.List;
import java.util.function.Consumer;

/** Links an authenticator app: QR code, the key as text, and the first code that proves it works. */
public class EnrolmentForm extends Div {

    public EnrolmentForm(Enrolment enrolment, MfaService mfa, Consumer<List<String>> onActivated) {
        addClassName("mfa-enrolment");

        Image qrCode = new Image("data:image/png;base64," + Base64.getEncoder().encodeToString(enrolment.qrCodePng()),
                "QR code to scan with your authenticator app");
        qrCode.setId("mfa-qr-code");
        qrCode.setWidth("200px");

        Span key = new Span(enrolment.secretForDisplay());
        key.setId("mfa-secret");
        key.addClassName("mfa-secret");
        Button copy = new Button("Copy key", VaadinIcon.COPY.create(), click -> {
            key.getElement().executeJs("navigator.clipboard && navigator.clipboard.writeText($0)", enrolment.secret());
            Notices.brief("Key copied.");
        });
        copy.addThemeVariants(ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_SMALL);

        TextField code = new TextField("6-digit code");
        code.setId("mfa-enrolment-code");
        code.getElement().setAttribute("autocomplete", "one-time-code");
        code.getElement().setAttribute("inputmode", "numeric");
        code.setAutofocus(true);
        Button activate = new Button("Activate", click -> {
            try {
                onActivated.accept(mfa.activate(code.getValue()));
            } catch (InvalidInputException e) {
                code.setErrorMessage(e.messageFor("code"));
                code.setInvalid(true);
            } catch (CodeLockedException | ActionRefusedException e) {
                code.setErrorMessage(e.getMessage());
                code.setInvalid(true);
            }
        });
        activate.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        activate.addClickShortcut(Key.ENTER);

        OrderedList steps = new OrderedList(
                new ListItem("Install an authenticator app, such as Google Authenticator or Microsoft Authenticator."),
                new ListItem("Scan the QR code with the app, or enter the key by hand."),
                new ListItem("Enter the 6-digit code the app shows, then choose Activate."));
        HorizontalLayout keyLine = new HorizontalLayout(new Span("Key:"), key, copy);
        keyLine.setAlignItems(HorizontalLayout.Alignment.BASELINE);
        HorizontalLayout codeLine = new HorizontalLayout(code, activate);
        codeLine.setAlignItems(HorizontalLayout.Alignment.BASELINE);
        add(steps, qrCode, keyLine, codeLine);
    }
}
