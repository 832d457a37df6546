package io.storageconsole.base.ui.view;

import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.ErrorParameter;
import com.vaadin.flow.router.HasErrorParameter;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.ParentLayout;
import com.vaadin.flow.server.auth.AnonymousAllowed;
import io.storageconsole.base.ui.ConsoleErrorHandler;
import io.storageconsole.base.ui.MainLayout;
import jakarta.servlet.http.HttpServletResponse;

/**
 * A page that failed while opening, inside the console frame: the same plain words and support
 * reference as {@link ConsoleErrorHandler}, never Vaadin's page with the exception's text.
 */
@PageTitle("Something went wrong · Storage Console")
@ParentLayout(MainLayout.class)
@AnonymousAllowed
public class InternalErrorView extends VerticalLayout implements HasErrorParameter<Exception> {

    public static final String TITLE = "Something went wrong";

    private final Paragraph message = new Paragraph();

    public InternalErrorView() {
        addClassName("console-page");
        add(new H1(TITLE), message, new Anchor("", NotFoundView.BACK));
    }

    @Override
    public int setErrorParameter(BeforeEnterEvent event, ErrorParameter<Exception> parameter) {
        message.setText(ConsoleErrorHandler.messageFor(parameter.getCaughtException()));
        return HttpServletResponse.SC_INTERNAL_SERVER_ERROR;
    }
}
