package io.storageconsole.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.storageconsole.security.SignedInAccount;
import io.storageconsole.session.service.MySessions;
import io.storageconsole.testing.CookieBrowser;
import io.storageconsole.testing.IntegrationTest;
import io.storageconsole.testing.SecondNode;
import io.storageconsole.testing.TestAccounts;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Two application instances on one MariaDB, as two nodes behind a load balancer. */
class TwoNodesTest extends IntegrationTest {

    @Autowired
    private ApplicationContext context;

    @Autowired
    private JdbcClient jdbc;

    @Test
    void a_session_started_on_one_node_is_valid_on_the_other_and_one_ended_on_the_second_is_refused_on_the_first()
            throws Exception {
        SignedInAccount root = testAccounts.newOrganization();
        try (SecondNode second = SecondNode.start(context, 0)) {
            CookieBrowser onFirst = new CookieBrowser(baseUrl());
            onFirst.signIn(root.email(), TestAccounts.PASSWORD);
            assertThat(onFirst.isSignedIn()).isTrue();
            CookieBrowser sameBrowserOnSecond = onFirst.withConsoleSessionOnlyAt(second.baseUrl());
            assertThat(sameBrowserOnSecond.isSignedIn()).isTrue();

            CookieBrowser onSecond = new CookieBrowser(second.baseUrl());
            onSecond.signIn(root.email(), TestAccounts.PASSWORD);
            assertThat(onSecond.withConsoleSessionOnlyAt(baseUrl()).isSignedIn()).isTrue();

            // The user, served by the second node, signs out the browser that signed in on the first.
            TestAccounts.signIn(root);
            second.bean(MySessions.class).endMine(sessionIdOf(onFirst));

            assertThat(onFirst.isSignedIn()).isFalse();
            assertThat(sameBrowserOnSecond.isSignedIn()).isFalse();
            assertThat(onSecond.isSignedIn()).isTrue();
            assertThat(onSecond.withConsoleSessionOnlyAt(baseUrl()).isSignedIn()).isTrue();
        }
    }

    private long sessionIdOf(CookieBrowser browser) throws Exception {
        String token = browser.cookie(CookieBrowser.CONSOLE_SESSION).orElseThrow();
        String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(token.getBytes(StandardCharsets.US_ASCII)));
        return jdbc.sql("SELECT id FROM console_session WHERE token_hash = ?").param(hash).query(Long.class).single();
    }
}
