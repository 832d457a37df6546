package io.storageconsole.session.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import io.storageconsole.security.SignedInAccount;
import io.storageconsole.testing.BrowserTest;
import io.storageconsole.testing.SecondNode;
import io.storageconsole.testing.TestAccounts;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.catalina.Context;
import org.apache.catalina.Manager;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.boot.web.embedded.tomcat.TomcatWebServer;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Not part of {@code mvn test} (its name does not end in Test): it waits for servlet sessions to
 * time out, over a minute. Run it with {@code mvn -B test -Dtest=LiveSessionsBenchmark}
 * ({@code -Dsessions.browsers=20} for more browsers); BENCHMARKS.md quotes its output.
 */
class LiveSessionsBenchmark extends BrowserTest {

    @Autowired
    private ApplicationContext context;

    @Autowired
    private JdbcClient jdbc;

    @Test
    void live_servlet_sessions_drop_once_idle_browsers_are_gone_and_a_returning_browser_is_signed_in_again()
            throws InterruptedException {
        int browsers = Integer.getInteger("sessions.browsers", 10);
        String timeout = System.getProperty("sessions.timeout", "1m");
        Duration deadline = DurationStyle.detectAndParse(timeout).plusMinutes(2);
        SignedInAccount root = testAccounts.newOrganization();
        try (SecondNode node = SecondNode.start(context, 0,
                "server.servlet.session.timeout=" + timeout, "server.tomcat.background-processor-delay=1s")) {
            Manager sessions = tomcatSessions(node);
            // One browser first, so that what the first page load loads once (routes, templates)
            // is not counted as memory held by sessions.
            BrowserContext warmUp = page.context().browser()
                    .newContext(new Browser.NewContextOptions().setBaseURL(node.baseUrl()));
            signIn(warmUp.newPage(), root.email(), TestAccounts.PASSWORD);
            assertThat(warmUp.pages().get(0).locator("#user-menu")).containsText(root.email());
            warmUp.close();
            int warmUpSessions = sessions.getActiveSessions();
            long emptyHeap = usedHeapAfterGc();

            List<BrowserContext> open = new ArrayList<>();
            for (int i = 0; i <= browsers; i++) {
                BrowserContext browser = page.context().browser()
                        .newContext(new Browser.NewContextOptions().setBaseURL(node.baseUrl()));
                Page tab = browser.newPage();
                signIn(tab, root.email(), TestAccounts.PASSWORD);
                assertThat(tab.locator("#user-menu")).containsText(root.email());
                open.add(browser);
            }
            // On a slow machine the first browsers' sessions may time out before the last one signs in.
            int live = sessions.getActiveSessions() - warmUpSessions;
            long expiredWhileSignedIn = sessions.getExpiredSessions();
            long liveHeap = usedHeapAfterGc();

            // All but one browser go away; the last one stays, idle, on a page of another site.
            BrowserContext returning = open.remove(open.size() - 1);
            returning.pages().get(0).navigate("about:blank");
            open.forEach(BrowserContext::close);
            long goneAt = System.nanoTime();
            while (sessions.getActiveSessions() > 0 && System.nanoTime() - goneAt < deadline.toNanos()) {
                Thread.sleep(500);
            }
            Duration dropped = Duration.ofNanos(System.nanoTime() - goneAt);
            int left = sessions.getActiveSessions();
            long droppedHeap = usedHeapAfterGc();
            long consoleSessions = jdbc.sql("SELECT COUNT(*) FROM console_session WHERE account_id = ? AND ended_at IS NULL")
                    .param(root.accountId()).query(Long.class).single();

            Page back = returning.pages().get(0);
            back.navigate(node.baseUrl() + "/profile");
            assertThat(back.locator("#user-menu")).containsText(root.email());
            int afterReturn = sessions.getActiveSessions();
            returning.close();

            System.out.printf("""
                    BENCHMARK live sessions: %d signed-in browsers (+1 that returns), servlet session timeout %s
                      live servlet sessions while signed in : %d (+%d of a warm-up browser; expired so far: %d)
                      live servlet sessions after they left : %d, %.0f s after the browsers went away
                      console sessions still valid in MariaDB: %d
                      after the idle browser came back      : %d live servlet session, signed in again from its cookie
                      heap used after GC (whole test JVM)   : %d MB empty, %d MB with sessions, %d MB after the drop
                      heap held per live session, roughly    : %d KB
                    """, browsers, timeout, live, warmUpSessions, expiredWhileSignedIn, left, dropped.toMillis() / 1000.0,
                    consoleSessions, afterReturn, emptyHeap >> 20, liveHeap >> 20, droppedHeap >> 20,
                    (liveHeap - droppedHeap) / Math.max(1, live) >> 10);
            assertThat(live).isPositive();
            assertThat(left).isZero();
            assertThat(consoleSessions).isEqualTo(browsers + 2);
            assertThat(afterReturn).isEqualTo(1);
        }
    }

    private static Manager tomcatSessions(SecondNode node) {
        TomcatWebServer server = (TomcatWebServer) ((ServletWebServerApplicationContext) node.context()).getWebServer();
        return ((Context) server.getTomcat().getHost().findChildren()[0]).getManager();
    }

    private static long usedHeapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
