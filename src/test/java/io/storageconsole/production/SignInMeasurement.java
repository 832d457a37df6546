package io.storageconsole.production;

import static org.assertj.core.api.Assertions.assertThat;

import io.storageconsole.mfa.service.TotpCodes;
import io.storageconsole.mfa.service.TotpPolicy;
import io.storageconsole.mfa.service.TotpVerifier;
import io.storageconsole.testing.BenchmarkTable;
import io.storageconsole.testing.CookieBrowser;
import io.storageconsole.testing.CryptoFloorProbe;
import io.storageconsole.testing.ProductionConsole;
import io.storageconsole.testing.ProductionJar;
import io.storageconsole.testing.ServerTimes;
import io.storageconsole.testing.SignInJourney;
import io.storageconsole.testing.VaadinBrowser;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import io.storageconsole.security.PooledArgon2PasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * What a sign-in costs on the server beyond its cryptography: password sign-ins and code steps over
 * HTTP against the running production jar, each beside its floor measured in the same run over HTTP
 * against the same console, in turn with it, sign-in by sign-in (the Argon2 check alone; a bare TOTP
 * check; {@link CryptoFloorProbe}, which the console must be started with: {@link #jvmOptions}). The
 * judged times are the server's, from its access log ({@link ServerTimes}: the console must be
 * started with its options too); the client's wait is printed beside them. Each user signs in once,
 * so that every code is fresh (a code is accepted once).
 */
final class SignInMeasurement {

    record Sizes(int warmUps, int runs) {
    }

    static final String PASSWORD = "Sign-In-Bench-2026!";
    static final double PASSWORD_RATIO_TARGET = 1.15;
    static final double CODE_ABOVE_TARGET_MS = 5;

    private SignInMeasurement() {
    }

    /** The floors' probe jar, written once per JVM: a console started before keeps reading the same file. */
    private static Path probeJar;

    /** The options of a console this measures: its access log ({@code serverTimes}) and the floors' probe. */
    static synchronized List<String> jvmOptions(ServerTimes serverTimes) {
        if (probeJar == null) {
            probeJar = CryptoFloorProbe.jar(Path.of("target/crypto-floor-probe.jar"));
        }
        List<String> options = new ArrayList<>(serverTimes.jvmOptions());
        options.add(ProductionJar.LOADER_PATH + probeJar);
        return options;
    }

    static BenchmarkTable measure(ProductionConsole console, ServerTimes serverTimes, Sizes sizes) {
        return measure(console, serverTimes, null, null, sizes);
    }

    /**
     * @param serverTimes the access log of {@code console}
     * @param peer        null, or another console (diagnosis: an earlier jar) that the same sign-ins
     *                    alternate with, one by one, so that both meet the same machine load
     */
    static BenchmarkTable measure(ProductionConsole console, ServerTimes serverTimes, ProductionConsole peer,
                                  ServerTimes peerTimes, Sizes sizes) {
        BenchmarkTable table = new BenchmarkTable("sign-in");
        String hash = ProductionConsole.hash(PASSWORD);
        TotpVerifier verifier = new TotpVerifier(TotpPolicy.AUTHENTICATOR_APPS, Clock.systemUTC());
        int inARow = sizes.warmUps() + sizes.runs();
        // An account per sign-in: the warm-ups and the sign-ins in a row, then the judged pass's (runs more).
        List<String[]> accounts = accountsOn(console, hash, verifier, inARow + sizes.runs());
        List<String[]> peerAccounts = peer == null ? null : accountsOn(peer, hash, verifier, inARow);

        double[] passwordInARow = new double[sizes.runs()];
        double[] codeInARow = new double[sizes.runs()];
        double[] peerPassword = new double[sizes.runs()];
        double[] peerCode = new double[sizes.runs()];
        for (int i = 0; i < inARow; i++) {
            // Diagnosis only (-Dbenchmark.sqlLog=true): every statement of the first measured sign-in.
            boolean logged = i == sizes.warmUps() && Boolean.getBoolean("benchmark.sqlLog");
            // With a peer, each goes first every other time: the one that follows the other meets its
            // hash's memory traffic (seen as 1-4 ms on whichever jar always came second).
            boolean peerFirst = peer != null && i % 2 == 1;
            SignInJourney.Timings peerTimings = peerFirst ? signIn(peer, peerTimes, peerAccounts.get(i), false) : null;
            SignInJourney.Timings timings = signIn(console, serverTimes, accounts.get(i), logged);
            if (peer != null && !peerFirst) {
                peerTimings = signIn(peer, peerTimes, peerAccounts.get(i), false);
            }
            if (i >= sizes.warmUps()) {
                passwordInARow[i - sizes.warmUps()] = timings.serverPasswordMillis();
                codeInARow[i - sizes.warmUps()] = timings.serverCodeMillis();
                if (peerTimings != null) {
                    peerPassword[i - sizes.warmUps()] = peerTimings.serverPasswordMillis();
                    peerCode[i - sizes.warmUps()] = peerTimings.serverCodeMillis();
                }
            }
        }

        // The judged pass (decision 0067): each sign-in beside its floors, in turn. The floors (decision
        // 0053) are each check alone in the console's JVM, over HTTP (CryptoFloorProbe): after each
        // sign-in a code check and then a password check, where the next sign-in's hash would run: the
        // same compiled code, caches and HTTP as the sign-in, nothing else (the code check's request
        // between them is a fraction of a millisecond). In turn, so that a change of the machine's speed
        // meets a step and its floor alike: judged from the sign-ins in a row above, the password step
        // read 1.55× while this pass's own steps read 1.09× (2026-12-02 22:27, the machine speeding up).
        PasswordEncoder argon2 = new PooledArgon2PasswordEncoder(1);
        String bare = hash.substring(ProductionConsole.ARGON2_PREFIX.length());
        // Diagnosis: the benchmark's own JVM, checks in a tight loop, each finding its 16 MB left in the
        // L3 cache by the one before (the judged floor until decision 0052); no request meets that.
        double argon2InARow = BenchmarkTable.medianMillis(sizes.warmUps(), sizes.runs(), () -> argon2.matches(PASSWORD, bare) ? 1 : 0);
        double[] password = new double[sizes.runs()];
        double[] code = new double[sizes.runs()];
        double[] clientPassword = new double[sizes.runs()];
        double[] clientCode = new double[sizes.runs()];
        double[] argon2Http = new double[sizes.runs()];
        double[] argon2Inside = new double[sizes.runs()];
        double[] totpHttp = new double[sizes.runs()];
        double[] totpInside = new double[sizes.runs()];
        double[] argon2HereAfterSignIns = new double[sizes.runs()];
        for (int i = 0; i < sizes.runs(); i++) {
            String[] account = accounts.get(inARow + i);
            SignInJourney.Timings timings = signIn(console, serverTimes, account, false);
            password[i] = timings.serverPasswordMillis();
            code[i] = timings.serverCodeMillis();
            clientPassword[i] = timings.passwordMillis();
            clientCode[i] = timings.codeMillis();
            Probed codeCheck = probe(console, serverTimes, CryptoFloorProbe.TOTP,
                    Map.of("secret", account[1], "code", TotpCodes.codeAt(account[1], Instant.now())));
            Probed passwordCheck = probe(console, serverTimes, CryptoFloorProbe.ARGON2, Map.of("password", PASSWORD, "hash", hash));
            totpHttp[i] = codeCheck.serverMillis();
            totpInside[i] = codeCheck.checkMillis();
            argon2Http[i] = passwordCheck.serverMillis();
            argon2Inside[i] = passwordCheck.checkMillis();
            // Diagnosis: the same check in the benchmark's JVM (the judged floor of decision 0052).
            argon2HereAfterSignIns[i] = BenchmarkTable.medianMillis(0, 1, () -> argon2.matches(PASSWORD, bare) ? 1 : 0);
        }
        double argon2Millis = BenchmarkTable.median(argon2Http);
        double totpMillis = BenchmarkTable.median(totpHttp);

        String secret = accounts.get(0)[1];
        double totpHereMillis = BenchmarkTable.medianMillis(sizes.warmUps() * 100, sizes.runs() * 100,
                () -> verifier.verify(secret, TotpCodes.codeAt(secret, Instant.now())).orElseThrow());

        double commitMillis = commitMillis(console, sizes);
        if (peer != null) {
            table.info("diagnosis: the same sign-ins alternating with the peer jar " + System.getProperty("benchmark.peerJar"),
                    // Times only: this console's floors were measured in its own JVM, not the peer's.
                    "password step %s, code step %s".formatted(BenchmarkTable.ms(BenchmarkTable.median(peerPassword)),
                            BenchmarkTable.ms(BenchmarkTable.median(peerCode))),
                    "this jar: password step %s, code step %s; code step paired with the peer's %s".formatted(
                            BenchmarkTable.ms(BenchmarkTable.median(passwordInARow)), BenchmarkTable.ms(BenchmarkTable.median(codeInARow)),
                            paired(codeInARow, peerCode)));
        }

        String judgedPass = "access log; %d sign-ins after %d, each followed by its floors' checks".formatted(sizes.runs(), inARow);
        table.ratio("password step, server time of POST /login (%s)".formatted(judgedPass),
                BenchmarkTable.median(password),
                "Argon2 check alone over HTTP: server time of a request that only checks the password, in the console, after each of these sign-ins and its code check",
                argon2Millis, PASSWORD_RATIO_TARGET);
        table.above("code step, server time of the UIDL request with the code (%s)".formatted(judgedPass),
                BenchmarkTable.median(code),
                "bare TOTP check over HTTP: server time of a request that only checks a code, in the console, right after each of these sign-ins",
                totpMillis, CODE_ABOVE_TARGET_MS);
        table.info("password step / code step of %d sign-ins in a row after %d, no floor's check between them (diagnosis; judged until 2026-12-03)"
                        .formatted(sizes.runs(), sizes.warmUps()),
                "%s / %s".formatted(BenchmarkTable.ms(BenchmarkTable.median(passwordInARow)), BenchmarkTable.ms(BenchmarkTable.median(codeInARow))),
                "%.2f× the Argon2 floor / %+.2f ms above the TOTP floor, both measured after them".formatted(
                        BenchmarkTable.median(passwordInARow) / argon2Millis, BenchmarkTable.median(codeInARow) - totpMillis));
        table.info("password step / code step as the client waited for them (request to response over the loopback; judged until 2026-12-01)",
                "%s / %s".formatted(BenchmarkTable.ms(BenchmarkTable.median(clientPassword)), BenchmarkTable.ms(BenchmarkTable.median(clientCode))),
                "the server's: %s / %s".formatted(BenchmarkTable.ms(BenchmarkTable.median(password)), BenchmarkTable.ms(BenchmarkTable.median(code))));
        table.info("the Argon2 floor measured otherwise (diagnosis): the check alone inside the console's floor requests",
                BenchmarkTable.ms(BenchmarkTable.median(argon2Inside)),
                ("the check in the benchmark's JVM right after each sign-in %s (%.2f×; the judged floor of decision 0052, another JVM's compiled code); "
                        + "checks in a row there %s (%.2f×; the judged floor before it)")
                        .formatted(BenchmarkTable.ms(BenchmarkTable.median(argon2HereAfterSignIns)),
                                BenchmarkTable.median(password) / BenchmarkTable.median(argon2HereAfterSignIns),
                                BenchmarkTable.ms(argon2InARow), BenchmarkTable.median(password) / argon2InARow));
        table.info("the TOTP floor measured otherwise (diagnosis): the check alone inside the console's floor requests",
                BenchmarkTable.ms(BenchmarkTable.median(totpInside)),
                "a bare check in the benchmark's JVM, in a loop, %s (the judged floor until decision 0053)".formatted(BenchmarkTable.ms(totpHereMillis)));
        table.info("one committed write to the console's database (diagnosis: what each commit of a step costs)",
                BenchmarkTable.ms(commitMillis), "an attempt counter's upsert and COMMIT over JDBC from this JVM");
        return table;
    }

    /** A floor request's server time (access log) and the check's own time inside it. */
    private record Probed(double serverMillis, double checkMillis) {
    }

    private static Probed probe(ProductionConsole console, ServerTimes serverTimes, String path, Map<String, String> parameters) {
        CookieBrowser browser = new CookieBrowser(console.baseUrl());
        String query = parameters.entrySet().stream()
                .map(parameter -> parameter.getKey() + "=" + URLEncoder.encode(parameter.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpResponse<String> answer = browser.get(path + "?" + query);
        if (answer.statusCode() != 200) {
            throw new IllegalStateException(path + " answered " + answer.statusCode() + ": is the console started with CryptoFloorProbe?");
        }
        return new Probed(serverTimes.millisOf(browser.lastRequestId()), Long.parseLong(answer.body().trim()) / 1e6);
    }

    /** {@code users} sub-users of a new organization, with Argon2id passwords and active MFA: email and TOTP secret each. */
    private static List<String[]> accountsOn(ProductionConsole console, String hash, TotpVerifier verifier, int users) {
        String run = UUID.randomUUID().toString().substring(0, 8);
        long organizationId = console.addOrganization("Sign-in benchmark " + run, "root-" + run + "@signin.example.com", hash);
        List<String[]> accounts = new ArrayList<>();
        for (int i = 0; i < users; i++) {
            String email = "signin-%04d-%s@signin.example.com".formatted(i, run);
            long id = console.addAccount(organizationId, email, "SUB_USER", hash);
            String secret = verifier.newSecret();
            console.activateMfa(id, secret);
            accounts.add(new String[] {email, secret});
        }
        return accounts;
    }

    /** Sign-in by sign-in, this jar's time minus the peer's: the median difference, and how often this jar was faster. */
    private static String paired(double[] mine, double[] peers) {
        double[] differences = new double[mine.length];
        int faster = 0;
        for (int i = 0; i < mine.length; i++) {
            differences[i] = mine[i] - peers[i];
            faster += mine[i] < peers[i] ? 1 : 0;
        }
        return "%+.2f ms (median difference), faster in %d of %d".formatted(BenchmarkTable.median(differences), faster, mine.length);
    }

    private static SignInJourney.Timings signIn(ProductionConsole console, ServerTimes serverTimes, String[] account, boolean logged) {
        VaadinBrowser browser = new VaadinBrowser(console.baseUrl());
        if (logged) {
            console.jdbc().execute("SET GLOBAL log_output = 'TABLE'");
            console.jdbc().execute("TRUNCATE mysql.general_log");
            console.jdbc().execute("SET GLOBAL general_log = 1");
        }
        SignInJourney.Timings timings = SignInJourney.signIn(browser, account[0], PASSWORD, account[1], serverTimes);
        if (logged) {
            console.jdbc().execute("SET GLOBAL general_log = 0");
            System.out.println("Statements of one sign-in:\n" + String.join("\n", console.jdbc().query(
                    "SELECT event_time, thread_id, command_type, LEFT(REPLACE(argument, '\\n', ' '), 220) "
                            + "FROM mysql.general_log ORDER BY event_time",
                    (rs, n) -> rs.getString(1) + " " + rs.getLong(2) + " " + rs.getString(3) + " " + rs.getString(4))));
        }
        assertThat(browser.http().isSignedIn()).isTrue();
        return timings;
    }

    /** The median time of one write transaction as the console makes them: a counter's upsert, then COMMIT (a log flush). */
    private static double commitMillis(ProductionConsole console, Sizes sizes) {
        return console.jdbc().execute((java.sql.Connection connection) -> {
            connection.setAutoCommit(false);
            try (var upsert = connection.prepareStatement("INSERT INTO attempt_counter (kind, subject, attempts, window_starts_at, "
                    + "lock_count) VALUES ('benchmark-commit', 'floor', 1, NOW(6), 0) ON DUPLICATE KEY UPDATE attempts = attempts + 1")) {
                double millis = BenchmarkTable.medianMillis(sizes.warmUps(), sizes.runs(), () -> {
                    try {
                        upsert.executeUpdate();
                        connection.commit();
                        return 1;
                    } catch (java.sql.SQLException e) {
                        throw new IllegalStateException(e);
                    }
                });
                connection.createStatement().executeUpdate("DELETE FROM attempt_counter WHERE kind = 'benchmark-commit'");
                connection.commit();
                return millis;
            }
        });
    }
}
