package io.storageconsole.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import io.storageconsole.account.domain.AccountRepository;
import io.storageconsole.account.service.SubUserAdministration;
import io.storageconsole.base.database.ConflictRetry;
import io.storageconsole.cluster.ClusterData.Person;
import io.storageconsole.mfa.service.SecretCipher;
import io.storageconsole.mfa.service.TotpCodes;
import io.storageconsole.mfa.ui.view.SecondFactorView;
import io.storageconsole.session.domain.SessionStarts;
import io.storageconsole.testing.CookieBrowser;
import io.storageconsole.testing.ProductionJar;
import io.storageconsole.testing.MailHeaders;
import jakarta.mail.internet.MimeMessage;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * The production jar on two application nodes over a three-node Galera cluster, all on loopback
 * ports, each application node on a different database node first, mail to GreenMail here. Run
 * with {@code mvn -B -Pcluster test}; prints the table case, requests, accepted, refused, errors,
 * lost (also in target/cluster/cluster-report.md). The killing cases come last.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleOnGaleraClusterTest {

    private static final Path PROJECT = Path.of("").toAbsolutePath();
    private static final Path BASE = PROJECT.resolve("target/cluster");
    private static final int BASE_PORT = Integer.getInteger("cluster.base-port", 31300);
    private static final int NODE_A_PORT = BASE_PORT + 80;
    private static final int NODE_B_PORT = BASE_PORT + 81;
    private static final int SMTP_PORT = BASE_PORT + 90;
    private static final String NODE_A_FROM = "node-a@cluster.example.com";
    private static final String NODE_B_FROM = "node-b@cluster.example.com";
    private static final Duration NODE_START = Duration.ofMinutes(4);
    /** The longest a page may take to show what a click did: a bound on a wait, long enough for a host at a third of its speed. */
    private static final Duration OUTCOME = Duration.ofSeconds(30);
    /** What the nodes log when a conflict or a failover reaches a request: counted per case as evidence. */
    private static final Map<String, String> TROUBLE = Map.of(
            "deadlock (certification conflict)", "Deadlock found when trying to get lock",
            "transaction lost in a failover", "In progress transaction was lost",
            "driver reconnected to another node", "Connection error on",
            "read again after a lost connection", "lost its connection",
            "sign-in answered busy", "was answered busy",
            "unhandled in a Vaadin event", "DefaultErrorHandler",
            "exception out of a request", "Servlet.service() for servlet");
    private static final String SIGN_IN_LIMIT = "5";

    private final ClusterReport report = new ClusterReport();
    private final String mfaKeys = SecretCipher.newKeySpec("k1");
    private final long suiteStarted = System.nanoTime();
    private GreenMail mail;
    private GaleraCluster cluster;
    private ApplicationNode nodeA;
    private ApplicationNode nodeB;
    private ClusterData data;

    @BeforeAll
    void startTheClusterAndTwoApplicationNodes() {
        List<String> missing = GaleraCluster.missingPackages();
        if (!missing.isEmpty()) {
            String message = "CLUSTER SUITE SKIPPED: missing " + missing
                    + ". Install with: apt-get install mariadb-server mariadb-backup galera-4 (bash .ci/run does).";
            System.err.println("\n" + "!".repeat(100) + "\n" + message + "\n" + "!".repeat(100) + "\n");
            Assumptions.abort(message);
        }
        Path jar = ProductionJar.locate();
        mail = new GreenMail(new ServerSetup(SMTP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP))
                .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
        mail.start();
        cluster = GaleraCluster.start(BASE, BASE_PORT);
        // One node first: it migrates the schema (Flyway's lock is local to a Galera node), then the other.
        nodeA = startNode("a", 0, NODE_A_PORT, NODE_A_FROM, jar);
        nodeA.awaitLog("Flyway on node A done", NODE_START, "Successfully applied", "is up to date");
        nodeB = startNode("b", 1, NODE_B_PORT, NODE_B_FROM, jar);
        nodeA.awaitHealthy(NODE_START);
        nodeB.awaitHealthy(NODE_START);
        data = new ClusterData(cluster.root(2), mfaKeys);
        System.out.printf("Cluster and both application nodes ready after %d s%n", secondsSince(suiteStarted));
    }

    private ApplicationNode startNode(String name, int databaseNode, int port, String from, Path jar) {
        return ApplicationNode.start(name, jar, port, Map.ofEntries(
                Map.entry("SPRING_PROFILES_ACTIVE", "prod"),
                Map.entry("SERVER_ADDRESS", "127.0.0.1"),
                Map.entry("SPRING_DATASOURCE_URL", cluster.applicationUrl(databaseNode)),
                Map.entry("SPRING_DATASOURCE_USERNAME", GaleraCluster.APP_USER),
                Map.entry("SPRING_DATASOURCE_PASSWORD", GaleraCluster.APP_PASSWORD),
                Map.entry("SPRING_FLYWAY_USER", GaleraCluster.MIGRATION_USER),
                Map.entry("SPRING_FLYWAY_PASSWORD", GaleraCluster.MIGRATION_PASSWORD),
                Map.entry("CONSOLE_MFA_KEYS", mfaKeys),
                Map.entry("CONSOLE_SIGNIN_MAXFAILURES", SIGN_IN_LIMIT),
                Map.entry("SPRING_MAIL_HOST", "127.0.0.1"),
                Map.entry("SPRING_MAIL_PORT", Integer.toString(SMTP_PORT)),
                Map.entry("CONSOLE_MAIL_FROM", from),
                Map.entry("CONSOLE_MAIL_POLLINTERVAL", "500ms")), BASE.resolve("app-" + name + ".log"));
    }

    /** Where the application nodes' logs end now. */
    private long[] logMarks() {
        return new long[] {nodeA.logMark(), nodeB.logMark()};
    }

    /** What went wrong in the nodes since the marks, e.g. "node logs: deadlock (certification conflict) ×4". */
    private String trouble(long[] marks) {
        String logged = nodeA.logSince(marks[0]) + nodeB.logSince(marks[1]);
        Map<String, Long> found = new java.util.TreeMap<>();
        TROUBLE.forEach((what, text) -> {
            long times = logged.lines().filter(line -> line.contains(text)).count();
            if (times > 0) {
                found.put(what, times);
            }
        });
        return found.isEmpty() ? "node logs clean" : "node logs: " + found;
    }

    @AfterAll
    void printTheTableAndStopEverything() throws Exception {
        if (cluster != null) {
            String table = report.table();
            String summary = "Cluster suite: " + secondsSince(suiteStarted) + " s\n\n" + table;
            System.out.println("\n" + summary);
            Files.writeString(BASE.resolve("cluster-report.md"), summary);
        }
        for (AutoCloseable closeable : Arrays.asList(nodeA, nodeB, cluster)) {
            if (closeable != null) {
                closeable.close();
            }
        }
        if (mail != null) {
            mail.stop();
        }
    }

    @Test
    @Order(0)
    void the_application_user_only_reads_and_writes_rows_and_triggers_need_the_trust_setting() {
        DataSource asApplication = cluster.dataSource(0, GaleraCluster.DATABASE, GaleraCluster.APP_USER,
                GaleraCluster.APP_PASSWORD);
        assertThatThrownBy(() -> JdbcClient.create(asApplication).sql("CREATE TABLE not_allowed (id INT PRIMARY KEY)").update())
                .rootCause().hasMessageContaining("CREATE command denied");
        assertThat(JdbcClient.create(asApplication).sql("SELECT COUNT(*) FROM flyway_schema_history WHERE success")
                .query(Long.class).single()).isPositive();

        JdbcClient asMigration = JdbcClient.create(cluster.dataSource(1, GaleraCluster.DATABASE,
                GaleraCluster.MIGRATION_USER, GaleraCluster.MIGRATION_PASSWORD));
        JdbcClient rootOnNode1 = JdbcClient.create(cluster.dataSource(1, "", "root", ""));
        asMigration.sql("CREATE TABLE trigger_probe (id INT PRIMARY KEY)").update();
        try {
            rootOnNode1.sql("SET GLOBAL log_bin_trust_function_creators = 0").update();
            assertThatThrownBy(() -> asMigration.sql("CREATE TRIGGER trigger_probe_no_delete BEFORE DELETE ON trigger_probe "
                    + "FOR EACH ROW SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'no'").update())
                    .rootCause().hasMessageContaining("SUPER privilege and binary logging is enabled");
            rootOnNode1.sql("SET GLOBAL log_bin_trust_function_creators = 1").update();
            asMigration.sql("CREATE TRIGGER trigger_probe_no_delete BEFORE DELETE ON trigger_probe "
                    + "FOR EACH ROW SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'no'").update();
        } finally {
            rootOnNode1.sql("SET GLOBAL log_bin_trust_function_creators = 1").update();
            cluster.root(1).sql("DROP TABLE trigger_probe").update();
        }
    }

    @Test
    @Order(2)
    void the_same_totp_code_sent_to_both_nodes_at_once_is_accepted_once() {
        long[] marks = logMarks();
        int pairs = 4;
        List<String> outcomes = new ArrayList<>();
        List<Person> people = new ArrayList<>();
        for (int pair = 0; pair < pairs; pair++) {
            Person person = data.newOrganization("TOTP race");
            people.add(person);
            String secret = data.enableMfa(person);
            outcomes.addAll(clickAtOnceOnBothNodes(window -> window.signIn(person.email(), ClusterData.PASSWORD), windows -> {
                // The code of this moment, once both windows are signed in: a slow sign-in must not outlast it.
                String code = TotpCodes.codeAt(secret, Instant.now());
                windows.forEach(window -> window.enter(window.page.getByLabel(SecondFactorView.CODE_LABEL), code));
            }, "Verify", """
                    () => {
                      if (!location.pathname.startsWith('/mfa')) return 'accepted';
                      const field = document.querySelector('vaadin-text-field[invalid]');
                      return field && field.errorMessage ? 'refused: ' + field.errorMessage : null;
                    }"""));
        }
        Tally tally = Tally.of(outcomes, "accepted"::equals, outcome -> outcome.startsWith("refused"));
        report.add("same TOTP code on both nodes at once", pairs * 2L, tally.accepted(), tally.refused(), tally.errors(), 0,
                pairs + " accounts; outcomes " + summary(outcomes) + "; " + trouble(marks));
        // What committed, not only what the pages said: one session and one sign-in per account. A
        // transaction that Galera aborted and that went on unaware committed its tail alone (decision 0046).
        for (Person person : people) {
            assertThat(committedOnce(person.accountId(), "SELECT COUNT(*) FROM console_session WHERE account_id = ?",
                    "SELECT COUNT(*) FROM audit_event WHERE target_account_id = ? AND event_type = 'SIGN_IN'"))
                    .as("sessions and SIGN_IN audit rows of %s", person.email()).containsExactly(1L, 1L);
        }
        assertThat(tally.errors()).as("outcomes %s", outcomes).isZero();
        assertThat(tally.accepted()).as("outcomes %s", outcomes).isEqualTo(pairs);
        assertThat(tally.refused()).isEqualTo(pairs);
    }

    @Test
    @Order(3)
    void fifty_parallel_wrong_passwords_over_both_nodes_evaluate_at_most_the_limit() throws Exception {
        long[] marks = logMarks();
        Person person = data.newOrganization("Brute force");
        int attempts = 50;
        List<String> answers = inParallel(attempts, attempt -> {
            ApplicationNode node = attempt % 2 == 0 ? nodeA : nodeB;
            return signInAnswer(new CookieBrowser(node.baseUrl()).signIn(person.email(), "Wrong-Passw0rd-" + attempt));
        });
        long evaluated = answers.stream().filter("wrong password"::equals).count();
        long blocked = answers.stream().filter("blocked"::equals).count();
        // "Busy, try again" checked nothing (no hash came free in time, decision 0041): on a slow host a burst gets some.
        long busy = answers.stream().filter("busy"::equals).count();
        long errors = attempts - evaluated - blocked - busy;
        long counted = count(2, "SELECT COUNT(*) FROM audit_event WHERE target_account_id = ? AND event_type = 'SIGN_IN_FAILED'",
                person.accountId());
        List<String> rightPassword = List.of(
                signInAnswer(new CookieBrowser(nodeA.baseUrl()).signIn(person.email(), ClusterData.PASSWORD)),
                signInAnswer(new CookieBrowser(nodeB.baseUrl()).signIn(person.email(), ClusterData.PASSWORD)));
        report.add("50 parallel wrong passwords, both nodes", attempts, evaluated, blocked + busy, errors, 0,
                "limit " + SIGN_IN_LIMIT + "; busy " + busy + "; failures audited " + counted + "; right password then: " + rightPassword
                        + "; answers " + summary(answers) + "; " + trouble(marks));
        assertThat(errors).as("answers %s", summary(answers)).isZero();
        assertThat(evaluated).isLessThanOrEqualTo(Long.parseLong(SIGN_IN_LIMIT));
        assertThat(counted).isLessThanOrEqualTo(Long.parseLong(SIGN_IN_LIMIT));
        assertThat(rightPassword).containsOnly("blocked");
    }

    /**
     * Decision 0044's guard across nodes. A sign-in's transaction on node A (its session's start and its record, the
     * console's own statements) and a credential change on node B are both open, then commit at the same moment. The
     * session start's shared lock holds on its own node only, and its foreign key to the account does not make
     * certification compare the two (decision 0064: without the record, 92 of 100 such pairs both committed). The
     * record's write is what a change on another node conflicts with: never may both commit, which would leave a
     * session open whose sign-in a committed change made void. Every other sign-in goes through the code step's one
     * call instead (V150, decision 0065), which writes the same row (with it planted out, 15 of 15 both committed).
     */
    @Test
    @Order(4)
    void a_sign_in_and_a_credential_change_committing_at_once_on_two_nodes_never_both_commit() throws Exception {
        int rounds = 30;
        List<String> outcomes = new ArrayList<>();
        List<String> leftOpen = new ArrayList<>();
        ExecutorService two = Executors.newFixedThreadPool(2);
        try (Connection onNodeA = applicationConnection(0); Connection onNodeB = applicationConnection(1)) {
            JdbcClient signIn = JdbcClient.create(new SingleConnectionDataSource(onNodeA, true));
            JdbcClient change = JdbcClient.create(new SingleConnectionDataSource(onNodeB, true));
            SessionStarts starts = RepositoryOverConnection.constructed(SessionStarts.class, signIn);
            AccountRepository accountsOnA = RepositoryOverConnection.of(AccountRepository.class, signIn);
            AccountRepository accountsOnB = RepositoryOverConnection.of(AccountRepository.class, change);
            for (int round = 0; round < rounds; round++) {
                Person person = data.newOrganization("Sign-in race");
                int version = cluster.rootCausal(0).sql("SELECT credentials_version FROM account WHERE id = ?")
                        .param(person.accountId()).query(Integer.class).single();
                onNodeA.setAutoCommit(false);
                onNodeB.setAutoCommit(false);
                Instant now = Instant.now();
                if (round % 2 == 0) {
                    // A sign-in without a code: the session's start, then the account feature's record.
                    assertThat(starts.startIfStillValid(sha256(UUID.randomUUID().toString()), person.accountId(), version, now,
                            "127.0.0.1", "sign-in race")).isPresent();
                    accountsOnA.recordSignIn(person.accountId(), version, now);
                } else {
                    // A code's sign-in: V150's one call writes the same sign-in row (decision 0065).
                    assertThat(starts.startAfterCode(sha256(UUID.randomUUID().toString()), person.accountId(), version, now,
                            "127.0.0.1", "sign-in race", new SessionStarts.CodeSignIn("second-factor",
                                    String.valueOf(person.accountId()), person.email(), person.organizationId(), "Other"))).isPresent();
                }
                assertThat(accountsOnB.recordCredentialsChanges(List.of(person.accountId()))).isEqualTo(1);
                CyclicBarrier together = new CyclicBarrier(2);
                Future<Boolean> signedIn = two.submit(() -> commitWith(onNodeA, together));
                Future<Boolean> changed = two.submit(() -> commitWith(onNodeB, together));
                outcomes.add((signedIn.get(1, TimeUnit.MINUTES) ? "sign-in" : "-") + " / " + (changed.get(1, TimeUnit.MINUTES) ? "change" : "-"));
                onNodeA.setAutoCommit(true);
                onNodeB.setAutoCommit(true);
                // What committed, not what the commits answered (decision 0046), read on node 2.
                List<Long> committed = committedOnce(person.accountId(),
                        "SELECT COUNT(*) FROM console_session WHERE account_id = ? AND ended_at IS NULL",
                        "SELECT credentials_version FROM account WHERE id = ?");
                if (committed.get(0) > 0 && committed.get(1) > version) {
                    leftOpen.add(person.email());
                }
            }
        } finally {
            two.shutdownNow();
        }
        long commits = outcomes.stream().mapToLong(outcome -> (outcome.startsWith("sign-in") ? 1 : 0) + (outcome.endsWith("change") ? 1 : 0)).sum();
        report.add("sign-in and credential change committing at once on two nodes", rounds * 2L, commits, rounds * 2L - commits,
                leftOpen.size(), 0, rounds + " pairs, every other sign-in by the code step's one call; committed (sign-in / change) " + summary(outcomes)
                        + "; sessions left open after a committed change " + leftOpen.size());
        assertThat(leftOpen).as("outcomes %s", summary(outcomes)).isEmpty();
        assertThat(outcomes).as("exactly one of each pair commits").allMatch(outcome -> outcome.equals("sign-in / -") || outcome.equals("- / change"));
    }

    @Test
    @Order(5)
    void a_session_ended_on_one_node_is_refused_at_the_next_request_on_the_other() throws Exception {
        long[] marks = logMarks();
        Person person = data.newOrganization("Session end");
        int browsers = 10;
        List<CookieBrowser> signedIn = new ArrayList<>();
        for (int i = 0; i < browsers; i++) {
            CookieBrowser browser = new CookieBrowser((i % 2 == 0 ? nodeA : nodeB).baseUrl());
            assertThat(signInAnswer(browser.signIn(person.email(), ClusterData.PASSWORD))).isEqualTo("signed in");
            signedIn.add(i % 2 == 0 ? browser.withConsoleSessionOnlyAt(nodeB.baseUrl()) : browser);
        }
        assertThat(signedIn).allMatch(CookieBrowser::isSignedIn);

        String ended;
        try (BrowserWindow controller = BrowserWindow.open(nodeA.baseUrl())) {
            controller.signIn(person.email(), ClusterData.PASSWORD);
            controller.page.navigate("/profile");
            button(controller.page, "Sign out all other sessions").click();
            ended = controller.awaitOutcome("""
                    () => [...document.querySelectorAll('vaadin-notification-card')].map(c => c.innerText)
                          .find(text => text.includes('signed out')) || null""", OUTCOME);
        }
        // At once, on node B, which has not seen the end happen.
        List<String> next = inParallel(browsers, i -> {
            try {
                return signedIn.get(i).isSignedIn() ? "still signed in" : "refused";
            } catch (AssertionError | RuntimeException e) {
                return "error: " + e.getMessage();
            }
        });
        long accepted = next.stream().filter("still signed in"::equals).count();
        long refused = next.stream().filter("refused"::equals).count();
        report.add("session ended on A, next request on B", browsers, accepted, refused, browsers - accepted - refused,
                0, "A said: " + ended + "; " + trouble(marks));
        assertThat(ended).contains(browsers + " other sessions were signed out");
        assertThat(next).containsOnly("refused");
    }

    @Test
    @Order(6)
    void a_thousand_queued_mails_are_sent_exactly_once_each_with_both_nodes_sending() throws Exception {
        long[] marks = logMarks();
        String batch = "Cluster mail " + UUID.randomUUID();
        int mails = 1000;
        JdbcTemplate db = new JdbcTemplate(cluster.dataSource(2, GaleraCluster.DATABASE, "root", ""));
        Timestamp now = Timestamp.from(Instant.now());
        db.batchUpdate("INSERT INTO mail_outbox (recipient, subject, body, created_at, next_attempt_at) VALUES (?, ?, 'Body', ?, ?)",
                IntStream.range(0, mails).mapToObj(n -> new Object[] {"cluster-mail@cluster.example.com",
                        batch + " #" + n, now, now}).toList());
        long started = System.nanoTime();
        await("every mail recorded as sent or given up").atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(500))
                .until(() -> count(2, "SELECT COUNT(*) FROM mail_outbox WHERE subject LIKE ? AND (sent_at IS NOT NULL OR dead_at IS NOT NULL)",
                        batch + " #%") == mails);
        await("no lease left").atMost(Duration.ofMinutes(1))
                .until(() -> count(2, "SELECT COUNT(*) FROM mail_outbox WHERE subject LIKE ? AND lease_owner IS NOT NULL", batch + " #%") == 0);
        AtomicLong seen = new AtomicLong(-1);
        await("the mail server receiving nothing more").during(Duration.ofSeconds(2)).atMost(Duration.ofMinutes(1))
                .until(() -> seen.getAndSet(received(batch).size()) == received(batch).size());
        long seconds = secondsSince(started);

        List<MimeMessage> received = received(batch);
        Map<String, Long> timesBySubject = received.stream().collect(Collectors.groupingBy(MailHeaders::subject,
                Collectors.counting()));
        Map<String, Long> byNode = received.stream().collect(Collectors.groupingBy(MailHeaders::from,
                Collectors.counting()));
        long distinct = timesBySubject.size();
        long duplicates = received.size() - distinct;
        long failed = count(2, "SELECT COUNT(*) FROM mail_outbox WHERE subject LIKE ? AND (attempts > 1 OR dead_at IS NOT NULL)",
                batch + " #%");
        report.add("1,000 queued mails, both nodes sending", mails, distinct, 0, duplicates + failed, mails - distinct,
                "sent by " + byNode + " in " + seconds + " s; duplicates " + duplicates + ", retried or dead " + failed + "; " + trouble(marks));
        assertThat(duplicates).isZero();
        assertThat(distinct).isEqualTo(mails);
        assertThat(byNode).containsOnlyKeys(NODE_A_FROM, NODE_B_FROM);
    }

    @Test
    @Order(7)
    void two_roots_changing_one_sub_user_on_two_nodes_one_wins_and_the_other_is_told_someone_else_changed_it() {
        long[] marks = logMarks();
        int trials = 5;
        List<String> outcomes = new ArrayList<>();
        List<Person> subUsers = new ArrayList<>();
        for (int trial = 0; trial < trials; trial++) {
            Person root = data.newOrganization("Concurrent change");
            Person subUser = data.newSubUser(root, "Changed twice");
            subUsers.add(subUser);
            outcomes.addAll(clickAtOnceOnBothNodes(window -> {
                window.signIn(root.email(), ClusterData.PASSWORD);
                window.page.navigate("/users");
                window.page.getByText(subUser.email()).first().waitFor();
                // Where a row's actions sit behind one "Actions" button, open it first.
                Locator actions = button(window.page, "Actions for " + subUser.email());
                if (actions.count() > 0) {
                    actions.click();
                }
                button(window.page, "Turn off console access").click();
                button(window.page, "Cancel").waitFor();
            }, windows -> { }, "Turn off", """
                    () => [...document.querySelectorAll('vaadin-notification-card')].map(c => c.innerText.trim())
                          .find(text => text.length > 0) || null""").stream()
                    .map(outcome -> outcome.replace(subUser.email(), "<sub-user>")).toList());
        }
        Tally tally = Tally.of(outcomes, "<sub-user> can no longer sign in to the console."::equals,
                SubUserAdministration.USER_CHANGED::equals);
        report.add("two roots change one sub-user on A and B", trials * 2L, tally.accepted(), tally.refused(), tally.errors(), 0,
                trials + " sub-users; outcomes " + summary(outcomes) + "; " + trouble(marks));
        for (Person subUser : subUsers) {
            assertThat(committedOnce(subUser.accountId(),
                    "SELECT COUNT(*) FROM audit_event WHERE target_account_id = ? AND event_type = 'CONSOLE_ACCESS_TURNED_OFF'",
                    "SELECT credentials_version FROM account WHERE id = ?"))
                    .as("turned-off audit rows and credential changes of %s", subUser.email()).containsExactly(1L, 1L);
        }
        assertThat(tally.errors()).as("outcomes %s", outcomes).isZero();
        assertThat(tally.accepted()).isEqualTo(trials);
        assertThat(tally.refused()).isEqualTo(trials);
    }

    @Test
    @Order(8)
    void killing_a_database_node_mid_load_loses_no_acknowledged_sign_in_and_the_node_rejoins() throws Exception {
        long[] marks = logMarks();
        List<Person> people = IntStream.range(0, 12).mapToObj(i -> data.newOrganization("DB node kill")).toList();
        Load load = new Load(List.of(nodeA, nodeB));
        load.start(people, 6);
        List<String> timeline = new ArrayList<>();
        long killedAt = 0;
        long beforeKill = 0;
        long rejoinSeconds = -1;
        try {
            load.awaitSignIns(15);
            killedAt = System.nanoTime();
            cluster.kill(0);
            beforeKill = load.signIns();
            load.awaitSignInsAfterOnEveryNode(killedAt, 10);
            timeline.add("both application nodes served sign-ins after the kill");
            cluster.restart(0);
            rejoinSeconds = secondsSince(killedAt);
            load.awaitSignIns(load.signIns() + 10);
        } catch (ConditionTimeoutException | IllegalStateException e) {
            timeline.add("stopped waiting: " + e.getMessage());
        } finally {
            load.stop();
        }
        List<String> acknowledged = load.acknowledgedTokenHashes();
        long lost = 0;
        for (int node = 0; node < GaleraCluster.NODES; node++) {
            Set<String> present = presentTokenHashes(node, acknowledged);
            lost += acknowledged.stream().filter(hash -> !present.contains(hash)).count();
        }
        boolean ist = Files.readString(BASE.resolve("db0/error.log")).contains("Receiving IST");
        report.add("kill -9 database node 0 mid-load", load.requests(), load.served(), load.refused(), load.errors(), lost,
                acknowledged.size() + " sign-ins acknowledged (" + beforeKill + " before the kill), checked on all 3 nodes; "
                        + "node 0 back and synced " + rejoinSeconds + " s after the kill" + (ist ? " by IST" : "")
                        + "; " + timeline + "; errors " + load.errorSummary() + "; " + trouble(marks));
        assertThat(cluster.status(0)).contains("3 nodes, ready ON, Synced");
        assertThat(lost).isZero();
        assertThat(load.refused()).isZero();
        assertThat(load.errors()).as("errors %s", load.errorSummary()).isZero();
    }

    /**
     * Decisions 0043 and 0046 send a reservation as one compound statement that begins and commits its
     * own transaction; ConflictRetry runs it again only when the database says it lost a conflict
     * (1213). Here it loses one to another node while it holds its row lock (a write on node 1 that
     * node 0 applies, aborting the holder): it must come back as 1213, rolled back, not as an
     * interrupted query (1317) that would reach the user as an error page. With its error handler
     * (as AttemptCounters sends it) and without, in case the handler's RESIGNAL changed the answer.
     */
    @Test
    @Order(1)
    void a_compound_statement_that_loses_a_conflict_to_another_node_is_rolled_back_and_retried_as_a_lost_conflict()
            throws Exception {
        String subject = "compound-" + UUID.randomUUID();
        cluster.root(0).sql("INSERT INTO attempt_counter (kind, subject, attempts, window_starts_at, lock_count) "
                + "VALUES ('cluster-probe', :subject, 0, NOW(6), 0)").param("subject", subject).update();
        String update = "UPDATE attempt_counter SET attempts = attempts + 1 WHERE kind = 'cluster-probe' AND subject = '" + subject + "'";
        // The lock is held long enough for the other node's write to arrive; the abort ends the wait at once.
        List<String> compounds = List.of(
                "BEGIN NOT ATOMIC DECLARE EXIT HANDLER FOR SQLEXCEPTION BEGIN ROLLBACK; RESIGNAL; END; START TRANSACTION; "
                        + update + "; DO SLEEP(30); COMMIT; END",
                "BEGIN NOT ATOMIC START TRANSACTION; " + update + "; DO SLEEP(30); COMMIT; END");
        int lostConflicts = 0;
        List<String> answers = new ArrayList<>();
        ExecutorService sender = Executors.newSingleThreadExecutor();
        try {
            for (String compound : compounds) {
                try (Connection holder = cluster.connection(0); Connection other = cluster.connection(1)) {
                    long holderId = connectionId(holder);
                    Future<SQLException> answer = sender.submit(() -> {
                        try (Statement statement = holder.createStatement()) {
                            statement.execute(compound);
                            return null;
                        } catch (SQLException e) {
                            return e;
                        }
                    });
                    await().atMost(Duration.ofSeconds(20)).until(() -> cluster.root(0).sql("SELECT COUNT(*) FROM "
                            + "information_schema.innodb_trx WHERE trx_mysql_thread_id = :id AND trx_rows_locked > 0")
                            .param("id", holderId).query(Long.class).single() == 1);
                    try (Statement statement = other.createStatement()) {
                        statement.executeUpdate("UPDATE attempt_counter SET attempts = attempts + 10 WHERE kind = 'cluster-probe' "
                                + "AND subject = '" + subject + "'");
                    }
                    SQLException lost = answer.get(30, TimeUnit.SECONDS);
                    answers.add(lost == null ? "committed" : lost.getErrorCode() + " " + lost.getSQLState());
                    if (lost != null && lost.getErrorCode() == 1213 && ConflictRetry.isLostConflict(lost)) {
                        lostConflicts++;
                    }
                }
            }
        } finally {
            sender.shutdownNow();
        }
        long attempts = cluster.rootCausal(0).sql("SELECT attempts FROM attempt_counter WHERE kind = 'cluster-probe' AND subject = :subject")
                .param("subject", subject).query(Long.class).single();
        report.add("compound statement loses a conflict to node 1", compounds.size(), 0, lostConflicts,
                compounds.size() - lostConflicts, 0, "answers " + answers + "; the other node's writes alone counted: " + attempts);
        assertThat(answers).as("each compound statement's answer").containsOnly("1213 40001");
        assertThat(lostConflicts).isEqualTo(compounds.size());
        assertThat(attempts).as("only the other node's two writes, none of the aborted ones").isEqualTo(20);
    }

    private static long connectionId(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet id = statement.executeQuery("SELECT CONNECTION_ID()")) {
            id.next();
            return id.getLong(1);
        }
    }

    @Test
    @Order(9)
    void killing_an_application_node_mid_load_leaves_its_users_signed_in_on_the_other() throws Exception {
        long[] marks = logMarks();
        int users = 16;
        StickyBalancer balancer = new StickyBalancer(List.of(nodeA, nodeB));
        List<CookieBrowser> browsers = new ArrayList<>();
        for (int i = 0; i < users; i++) {
            Person person = data.newOrganization("App node kill");
            CookieBrowser browser = balancer.browserOn(i % 2);
            assertThat(signInAnswer(browser.signIn(person.email(), ClusterData.PASSWORD))).isEqualTo("signed in");
            browsers.add(browser);
        }
        AtomicLong requests = new AtomicLong();
        AtomicLong served = new AtomicLong();
        AtomicLong refused = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        Set<Integer> restored = ConcurrentHashMap.newKeySet();
        AtomicBoolean killed = new AtomicBoolean();
        AtomicBoolean stop = new AtomicBoolean();
        List<String> problems = new java.util.concurrent.CopyOnWriteArrayList<>();
        ExecutorService threads = Executors.newFixedThreadPool(4);
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int thread = t;
            workers.add(threads.submit(() -> {
                while (!stop.get()) {
                    for (int user = thread; user < users; user += 4) {
                        requests.incrementAndGet();
                        try {
                            StickyBalancer.Served answer = balancer.get(browsers.get(user), "/profile");
                            browsers.set(user, answer.browser());
                            int status = answer.response().statusCode();
                            if (status == 200) {
                                served.incrementAndGet();
                                if (killed.get() && user % 2 == 0 && answer.node() == 1) {
                                    restored.add(user);
                                }
                            } else if (status == 302) {
                                refused.incrementAndGet();
                                problems.add("user " + user + " sent to " + answer.response().headers().firstValue("Location").orElse("?"));
                            } else {
                                errors.incrementAndGet();
                                problems.add("user " + user + " HTTP " + status);
                            }
                        } catch (RuntimeException e) {
                            errors.incrementAndGet();
                            problems.add("user " + user + " " + e);
                        }
                    }
                }
            }));
        }
        await().atMost(Duration.ofMinutes(1)).until(() -> served.get() >= users * 2L);
        nodeA.kill();
        killed.set(true);
        long atKill = requests.get();
        await("every user of node A served by node B").atMost(Duration.ofMinutes(2))
                .until(() -> restored.size() == users / 2 || errors.get() + refused.get() > 0);
        await().atMost(Duration.ofMinutes(1)).until(() -> requests.get() >= atKill + users * 3L);
        stop.set(true);
        for (Future<?> worker : workers) {
            worker.get(1, TimeUnit.MINUTES);
        }
        threads.shutdown();
        long lost = users / 2 - restored.size();
        report.add("kill -9 application node A mid-load", requests.get(), served.get(), refused.get(), errors.get(), lost,
                users / 2 + " of A's users went on at B with their console session cookie; " + (requests.get() - atKill)
                        + " requests after the kill" + (problems.isEmpty() ? "" : "; " + problems.stream().limit(5).toList()) + "; " + trouble(marks));
        assertThat(lost).isZero();
        assertThat(refused.get()).as("problems %s", problems).isZero();
        assertThat(errors.get()).as("problems %s", problems).isZero();
    }

    /**
     * Two browser windows, one on each application node, prepared alike (then both together); then a click on the same
     * button in both at the same millisecond. Returns what each window showed (see {@link BrowserWindow#awaitOutcome}).
     */
    private List<String> clickAtOnceOnBothNodes(java.util.function.Consumer<BrowserWindow> prepare,
                                                java.util.function.Consumer<List<BrowserWindow>> justBefore, String buttonName,
                                                String outcomeScript) {
        try (BrowserWindow onA = BrowserWindow.open(nodeA.baseUrl());
             BrowserWindow onB = BrowserWindow.open(nodeB.baseUrl())) {
            List<BrowserWindow> windows = List.of(onA, onB);
            try {
                windows.forEach(prepare);
                justBefore.accept(windows);
            } catch (RuntimeException e) {
                String name = "failed-" + buttonName.replaceAll("[^A-Za-z]+", "-") + "-" + System.currentTimeMillis();
                onA.screenshot(BASE.resolve(name + "-a.png"));
                onB.screenshot(BASE.resolve(name + "-b.png"));
                throw e;
            }
            long at = System.currentTimeMillis() + 300;
            windows.forEach(window -> window.clickAt(button(window.page, buttonName), at));
            return windows.stream().map(window -> window.awaitOutcome(outcomeScript, OUTCOME)).toList();
        }
    }

    /** Outcomes counted: accepted, refused as the rules say, anything else an error. */
    private record Tally(long accepted, long refused, long errors) {

        static Tally of(List<String> outcomes, java.util.function.Predicate<String> accepted,
                        java.util.function.Predicate<String> refused) {
            long yes = outcomes.stream().filter(accepted).count();
            long no = outcomes.stream().filter(refused).count();
            return new Tally(yes, no, outcomes.size() - yes - no);
        }
    }

    /** Sign-ins on both application nodes in a loop, each followed by a page on the other node. */
    private final class Load {

        private final List<ApplicationNode> nodes;
        private final AtomicBoolean stop = new AtomicBoolean();
        private final AtomicLong requests = new AtomicLong();
        private final AtomicLong served = new AtomicLong();
        private final AtomicLong refused = new AtomicLong();
        private final AtomicLong errors = new AtomicLong();
        private final Map<String, Long> acknowledged = new ConcurrentHashMap<>();
        private final Map<Integer, List<Long>> signInTimesByNode = new ConcurrentHashMap<>();
        private final Map<String, Long> errorKinds = new ConcurrentHashMap<>();
        private ExecutorService threads;
        private final List<Future<?>> workers = new ArrayList<>();

        Load(List<ApplicationNode> nodes) {
            this.nodes = nodes;
        }

        void start(List<Person> people, int threadCount) {
            threads = Executors.newFixedThreadPool(threadCount);
            for (int t = 0; t < threadCount; t++) {
                int thread = t;
                workers.add(threads.submit(() -> {
                    int round = 0;
                    while (!stop.get()) {
                        Person person = people.get((thread + round * threadCount) % people.size());
                        int node = (thread + round) % nodes.size();
                        round++;
                        signInAndLook(person, node);
                    }
                }));
            }
        }

        private void signInAndLook(Person person, int node) {
            CookieBrowser browser = new CookieBrowser(nodes.get(node).baseUrl());
            requests.incrementAndGet();
            String answer;
            try {
                answer = signInAnswer(browser.signIn(person.email(), ClusterData.PASSWORD));
            } catch (RuntimeException e) {
                error("sign-in " + e.getClass().getSimpleName());
                return;
            }
            if (!answer.equals("signed in")) {
                if (answer.startsWith("HTTP") || answer.startsWith("failed")) {
                    error("sign-in " + answer);
                } else {
                    refused.incrementAndGet();
                }
                return;
            }
            served.incrementAndGet();
            acknowledged.put(sha256(browser.cookie(CookieBrowser.CONSOLE_SESSION).orElseThrow()), System.nanoTime());
            signInTimesByNode.computeIfAbsent(node, n -> new java.util.concurrent.CopyOnWriteArrayList<>()).add(System.nanoTime());
            CookieBrowser elsewhere = browser.withConsoleSessionOnlyAt(nodes.get((node + 1) % nodes.size()).baseUrl());
            requests.incrementAndGet();
            try {
                if (elsewhere.isSignedIn()) {
                    served.incrementAndGet();
                } else {
                    refused.incrementAndGet();
                }
            } catch (AssertionError | RuntimeException e) {
                error("page " + e.getClass().getSimpleName());
            }
        }

        private void error(String kind) {
            errors.incrementAndGet();
            errorKinds.merge(kind, 1L, Long::sum);
        }

        void awaitSignIns(long count) {
            await(count + " acknowledged sign-ins").atMost(Duration.ofMinutes(2)).until(() -> acknowledged.size() >= count);
        }

        void awaitSignInsAfterOnEveryNode(long sinceNanos, int count) {
            await(count + " sign-ins on every node after " + sinceNanos).atMost(Duration.ofMinutes(2))
                    .until(() -> IntStream.range(0, nodes.size()).allMatch(node -> signInTimesByNode
                            .getOrDefault(node, List.of()).stream().filter(at -> at > sinceNanos).count() >= count));
        }

        long signIns() {
            return acknowledged.size();
        }

        void stop() throws Exception {
            stop.set(true);
            for (Future<?> worker : workers) {
                worker.get(2, TimeUnit.MINUTES);
            }
            threads.shutdown();
        }

        List<String> acknowledgedTokenHashes() {
            return List.copyOf(acknowledged.keySet());
        }

        long requests() {
            return requests.get();
        }

        long served() {
            return served.get();
        }

        long refused() {
            return refused.get();
        }

        long errors() {
            return errors.get();
        }

        Map<String, Long> errorSummary() {
            return Map.copyOf(errorKinds);
        }
    }

    private Set<String> presentTokenHashes(int node, List<String> hashes) {
        Set<String> present = ConcurrentHashMap.newKeySet();
        for (int from = 0; from < hashes.size(); from += 500) {
            List<String> chunk = hashes.subList(from, Math.min(hashes.size(), from + 500));
            present.addAll(cluster.root(node).sql("SELECT token_hash FROM console_session WHERE token_hash IN (:hashes)")
                    .param("hashes", chunk).query(String.class).list());
        }
        return present;
    }

    /** What a sign-in answered: "signed in", "wrong password", "blocked", "busy", or the HTTP status of anything else. */
    private static String signInAnswer(HttpResponse<String> response) {
        String location = response.headers().firstValue("Location").orElse("");
        if (response.statusCode() == 302 && location.contains("/login?error")) {
            return "wrong password";
        }
        if (response.statusCode() == 302 && location.contains("/login?blocked")) {
            return "blocked";
        }
        if (response.statusCode() == 302 && location.contains("/login?busy")) {
            return "busy";
        }
        if (response.statusCode() == 302 && !location.contains("/login")) {
            return "signed in";
        }
        if (response.statusCode() == 302 && location.endsWith("/login")) {
            // An exception sends the request to /error, which is not open, so it lands on the sign-in page.
            return "failed (redirect to /login without a reason)";
        }
        return "HTTP " + response.statusCode() + " " + location;
    }

    private static <T> List<T> inParallel(int count, Function<Integer, T> task) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(count);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> results = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int index = i;
                results.add(threads.submit(() -> {
                    start.await();
                    try {
                        return task.apply(index);
                    } catch (RuntimeException e) {
                        @SuppressWarnings("unchecked")
                        T failed = (T) ("error: " + e);
                        return failed;
                    }
                }));
            }
            start.countDown();
            List<T> all = new ArrayList<>();
            for (Future<T> result : results) {
                all.add(result.get(2, TimeUnit.MINUTES));
            }
            return all;
        } finally {
            threads.shutdown();
        }
    }

    /** A connection of the application's database user to one node; every statement waits until the node applied what the cluster committed before it. */
    private Connection applicationConnection(int node) throws SQLException {
        return java.sql.DriverManager.getConnection("jdbc:mariadb://127.0.0.1:" + cluster.sqlPort(node) + "/" + GaleraCluster.DATABASE
                + "?sessionVariables=wsrep_sync_wait=15", GaleraCluster.APP_USER, GaleraCluster.APP_PASSWORD);
    }

    /** Waits for the other side, then commits: true when it committed, false when the cluster refused it (rolled back). */
    private static boolean commitWith(Connection connection, CyclicBarrier together) throws Exception {
        together.await(1, TimeUnit.MINUTES);
        try {
            connection.commit();
            return true;
        } catch (SQLException refused) {
            connection.rollback();
            return false;
        }
    }

    /** Each query's count for the account, read on node 2 (neither application node's own) once it applied all. */
    private List<Long> committedOnce(long accountId, String... queries) {
        JdbcClient node2 = cluster.rootCausal(2);
        return Arrays.stream(queries).map(query -> node2.sql(query).param(accountId).query(Long.class).single()).toList();
    }

    private long count(int node, String sql, Object... params) {
        return cluster.root(node).sql(sql).params(params).query(Long.class).single();
    }

    private List<MimeMessage> received(String batch) {
        return Arrays.stream(mail.getReceivedMessages()).filter(message -> MailHeaders.subject(message).startsWith(batch + " #")).toList();
    }

    private static Locator button(Page page, String name) {
        return page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(name).setExact(true));
    }

    private static String summary(List<String> outcomes) {
        return outcomes.stream().collect(Collectors.groupingBy(outcome -> outcome.length() > 80
                ? outcome.substring(0, 80) + "…" : outcome, java.util.TreeMap::new, Collectors.counting())).toString();
    }

    private static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long secondsSince(long nanos) {
        return TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - nanos);
    }
}
