package io.storageconsole.base.ui.view;

import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.ErrorParameter;
import com.vaadin.flow.router.HasErrorParameter;
import com.vaadin.flow.router.NotFoundException;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.ParentLayout;
import com.vaadin.flow.server.auth.AnonymousAllowed;
import io.storageconsole.base.ui.MainLayout;
import jakarta.servlet.http.HttpServletResponse;

/**
 * An unknown address, inside the console frame: a title and a way back, never the router's own
 * text (which lists the routes in development mode).
 */
@PageTitle("Page not found · Storage Console")
@ParentLayout(MainLayout.class)
@AnonymousAllowed
public class NotFoundView extends VerticalLayout implements HasErrorParameter<NotFoundException> {

    public static final String TITLE = "Page not found";
    public static final String MESSAGE = "There is no page at this address. It may have moved, or the link may be mistyped.";
    public static final String BACK = "Back to the console";

    public NotFoundView() {
        addClassName("console-page");
        add(new H1(TITLE), new Paragraph(MESSAGE), new Anchor("", BACK));
    }

    @Override
    public int setErrorParameter(BeforeEnterEvent event, ErrorParameter<NotFoundException> parameter) {
        return HttpServletResponse.SC_NOT_FOUND;
    }
}
