package io.storageconsole.production;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.bodyString;
import static io.gatling.javaapi.core.CoreDsl.constantConcurrentUsers;
import static io.gatling.javaapi.core.CoreDsl.rampConcurrentUsers;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.core.CoreDsl.regex;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.header;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import io.storageconsole.mfa.service.TotpCodes;
import io.storageconsole.testing.SignInJourney;
import io.storageconsole.testing.Uidl;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * One simulated user of the console, over HTTP as a browser talks to Vaadin (the page, its
 * {@code ?v-r=init}, the router's navigation and UIDL requests whose node ids, CSRF token and sync
 * ids come from the previous answers; see {@link Uidl}): sign in with email and password, type the
 * TOTP code on the MFA page, open Profile Settings, open Organization-wide Policies with the first 50
 * rows of the sub-user grid, page three times to random offsets, sign out. Think time: 4 s to type
 * the email and password, 4 s to type the code, 2 s after every other step (about 20 s a journey).
 * Root users of {@link LoadDataSet} take turns, so no code is used twice. A password step answered
 * "busy" is sent again after the think time, as the sign-in page advises, up to five tries in all.
 * <p>
 * System properties: {@code baseUrl}, {@code load.users} (concurrent, default 200),
 * {@code load.ramp-seconds} (users arrive over this time first, default 0), {@code load.seconds} (then
 * all of them for this long, default 120), {@code load.accounts} (roots to take turns, default 1,000),
 * {@code load.first-account} (default 0), {@code load.think-millis} (default 2,000).
 */
public class ConsoleJourneySimulation extends Simulation {

    static final String UI = "ui";
    /** The name of the password steps sent again after a "busy" answer; LoadMeasurement counts them. */
    static final String AGAIN = "sign in: password, again after busy";
    private static final String MFA = "/mfa";
    private static final String BUSY = "/login?busy";
    private static final String ANSWER = "passwordAnswer";
    private static final String TRIES = "passwordTries";
    private static final int MAX_TRIES = 5;
    private static final String POLICIES = "organization-policies";

    private final String baseUrl = System.getProperty("baseUrl", "http://localhost:8080");
    private final int users = Integer.getInteger("load.users", 200);
    private final int rampSeconds = Integer.getInteger("load.ramp-seconds", 0);
    private final int seconds = Integer.getInteger("load.seconds", 120);
    private final int accounts = Integer.getInteger("load.accounts", 1_000);
    private final Duration think = Duration.ofMillis(Long.getLong("load.think-millis", 2_000));
    private final AtomicInteger next = new AtomicInteger(Integer.getInteger("load.first-account", 0));

    private final Iterator<Map<String, Object>> roots = Stream.generate(() -> {
        int number = Math.floorMod(next.getAndIncrement(), accounts);
        return Map.<String, Object>of("email", LoadDataSet.rootEmail(number), "secret", LoadDataSet.secret(number));
    }).iterator();

    private final HttpProtocolBuilder protocol = http.baseUrl(baseUrl).disableFollowRedirect()
            .acceptHeader("text/html,application/json,*/*").userAgentHeader("Gatling console journey");

    /**
     * The password step. Its answer must redirect to the MFA page, or to the sign-in page saying
     * "busy"; anything else fails, and Gatling's message names the status and the {@code Location}.
     */
    private static ChainBuilder signIn(String name) {
        return exec(session -> session.set(TRIES, session.contains(TRIES) ? session.getInt(TRIES) + 1 : 1))
                .exec(http(name).post("/login").formParam("username", "#{email}").formParam("password", LoadDataSet.PASSWORD)
                        .formParam("_csrf", "#{csrf}")
                        .check(status().is(302))
                        .check(header("Location").transform(ConsoleJourneySimulation::pathOf).in(MFA, BUSY).saveAs(ANSWER)));
    }

    /** The path and query of a redirect's location, which Tomcat may write as an absolute address. */
    static String pathOf(String location) {
        return location.replaceFirst("^https?://[^/]+", "");
    }

    /** A page, its init and the router's navigation: what the browser sends to open a Vaadin view. */
    private static ChainBuilder open(String route) {
        return exec(http("open " + route + ": page").get("/" + route).check(status().is(200))
                        .check(regex("<meta name=\"_csrf\" content=\"([^\"]+)\"").optional().saveAs("csrf")))
                .exec(http("open " + route + ": init").get(Uidl.initPath(route)).check(status().is(200)).check(bodyString().saveAs("init")))
                .exec(session -> {
                    ui(session).applyInit(session.getString("init"));
                    return session;
                })
                .exec(uidl("open " + route + ": navigate", session -> ui(session).navigate(route)));
    }

    /** A UIDL request whose body is made from the UI's state; the answer updates that state. */
    private static ChainBuilder uidl(String name, java.util.function.Function<Session, String> body) {
        return exec(http(name).post(session -> ui(session).uidlPath())
                .header("Content-Type", "application/json; charset=UTF-8")
                .body(StringBody(body::apply))
                .check(status().is(200)).check(bodyString().saveAs("uidl")))
                .exec(session -> {
                    ui(session).applyResponse(session.getString("uidl"));
                    return session;
                });
    }

    private static Uidl ui(Session session) {
        return session.get(UI);
    }

    /** The grid asks for 50 rows from {@code offset}, then confirms the update it received, as its connector does. */
    private static ChainBuilder rows(String name, java.util.function.ToIntFunction<Session> offset) {
        return uidl(name, session -> ui(session).call(ui(session).first("vaadin-grid"), "setViewportRange", offset.applyAsInt(session), 50))
                .doIf(session -> ui(session).hasPendingConfirmations())
                .then(uidl("grid: confirm update", session -> ui(session).confirmUpdates(ui(session).first("vaadin-grid"))));
    }

    ScenarioBuilder journey() {
        return scenario("console journey")
                .feed(roots)
                .exec(session -> session.set(UI, new Uidl()))
                .exec(http("sign-in page").get("/login").check(status().is(200))
                        .check(regex("<meta name=\"_csrf\" content=\"([^\"]+)\"").saveAs("csrf")))
                // Typing an email address and a password.
                .pause(think.multipliedBy(2))
                .exec(signIn("sign in: password"))
                // "The console is busy ... Try again in a moment": a person waits a moment and signs in again.
                .asLongAs(session -> BUSY.equals(session.getString(ANSWER)) && session.getInt(TRIES) < MAX_TRIES).on(
                        pause(think).exec(http(AGAIN + ": sign-in page").get("/login").check(status().is(200))
                                        .check(regex("<meta name=\"_csrf\" content=\"([^\"]+)\"").saveAs("csrf")))
                                .exec(signIn(AGAIN)))
                // Still busy after every try: the MFA page then fails, and is counted.
                .exec(open("mfa"))
                .exitHereIfFailed()
                // Reading the code off a phone and typing it.
                .pause(think.multipliedBy(2))
                .exec(uidl("sign in: code", session -> {
                    Uidl ui = ui(session);
                    return ui.setValueAndClick(ui.find("vaadin-text-field", SignInJourney.CODE_LABEL),
                            TotpCodes.codeAt(session.getString("secret"), Instant.now()), ui.find("vaadin-button", SignInJourney.VERIFY));
                }))
                .exec(session -> ui(session).locationChanged() ? session : session.markAsFailed())
                .exitHereIfFailed()
                .exec(open("profile"))
                .pause(think)
                .exec(open(POLICIES))
                .exec(rows("grid: first page", session -> 0))
                .pause(think)
                .repeat(3).on(exec(rows("grid: page", session -> ThreadLocalRandom.current().nextInt(0, 51))).pause(think))
                .exec(http("sign out").post("/logout").formParam("_csrf", "#{csrf}").check(status().is(302)));
    }

    {
        // Users arriving over a ramp, as people do, not all typing their password in the same second.
        setUp((rampSeconds > 0
                ? journey().injectClosed(rampConcurrentUsers(0).to(users).during(rampSeconds), constantConcurrentUsers(users).during(seconds))
                : journey().injectClosed(constantConcurrentUsers(users).during(seconds))))
                .protocols(protocol)
                .assertions(global().failedRequests().count().is(0L));
    }
}
