package io.storageconsole.mfa.ui.component;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.ListItem;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.UnorderedList;
import com.vaadin.flow.server.streams.DownloadHandler;
import com.vaadin.flow.server.streams.DownloadResponse;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Shows the recovery codes once, with a download as a text file. The panel is removed when the
 * user is done, so the codes leave the page.
 */
public class RecoveryCodesPanel extends Div {

    public static final String FILE_NAME = "storage-console-recovery-codes.txt";

    public RecoveryCodesPanel(List<String> codes, String accountEmail, Runnable onDone) {
        addClassName("mfa-recovery-codes");
        UnorderedList list = new UnorderedList();
        list.setId("mfa-recovery-code-list");
        codes.forEach(code -> list.add(new ListItem(code)));

        byte[] file = fileContent(codes, accountEmail).getBytes(StandardCharsets.UTF_8);
        Anchor download = new Anchor(DownloadHandler.fromInputStream(event -> new DownloadResponse(
                new ByteArrayInputStream(file), FILE_NAME, "text/plain;charset=UTF-8", file.length)), "Download as text file");
        download.setId("mfa-recovery-code-download");

        Button done = new Button("I have saved my recovery codes", click -> {
            removeAll();
            onDone.run();
        });
        done.addThemeVariants(ButtonVariant.LUMO_PRIMARY);

        add(new Paragraph("Keep these recovery codes somewhere safe. Each one signs you in once if you lose "
                + "your authenticator app. They are shown only now."), list, download, done);
    }

    private static String fileContent(List<String> codes, String accountEmail) {
        return "Storage Console recovery codes for " + accountEmail + "\n"
                + "Each code works once. Keep this file somewhere safe.\n\n"
                + String.join("\n", codes) + "\n";
    }
}
