package io.storageconsole.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.storageconsole.testing.CookieBrowser;
import io.storageconsole.testing.IntegrationTest;
import io.storageconsole.testing.TestAccounts;
import io.storageconsole.testing.VaadinHttpUi;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * A flood of sign-ins while every processor is hashing (decision 0041), over HTTP against the real
 * application: the queue for a hash holds at most {@code console.sign-in.hash-queue} of them, every
 * other one is answered "busy" at once, and the rest of the console keeps answering meanwhile. The
 * processors are held by checks whose typed password is handed over only when the test says so,
 * through the application's own encoder: no timing decides who waits.
 */
class SignInFloodTest extends IntegrationTest {

    /** More than Tomcat's 200 threads: an unbounded queue would hold every one of them. */
    private static final int FLOOD = 250;
    private static final String WRONG_PASSWORD = "Wrong-Passw0rd!";

    @Autowired
    private PasswordEncoder passwordEncoder;

    @Value("${console.sign-in.hash-queue}")
    private int hashQueue;

    @Test
    void a_flood_of_sign_ins_waits_for_a_hash_only_as_many_as_the_queue_holds_and_every_other_page_still_answers()
            throws Exception {
        var root = testAccounts.newOrganization();
        CookieBrowser signedIn = new CookieBrowser(baseUrl());
        signedIn.signIn(root.email(), TestAccounts.PASSWORD);
        assertThat(signedIn.isSignedIn()).isTrue();
        String storedHash = passwordEncoder.encode("anything");
        List<CookieBrowser> flood = new ArrayList<>();
        List<Map<String, String>> tokens = new ArrayList<>();
        for (int i = 0; i < FLOOD; i++) {
            // One address each: the flood meets the hash queue, not the per-address limit.
            CookieBrowser browser = new CookieBrowser(baseUrl()).withForwardedFor("198.18." + (i / 250) + "." + (i % 250 + 1));
            tokens.add(browser.csrfTokenOfSignInPage());
            flood.add(browser);
        }
        // The hashes at once the console chose for this host: one per processor, at most 16.
        int processors = HashAdmission.of(Runtime.getRuntime().availableProcessors(), 0, hashQueue, 200).concurrentHashes();
        HeldPassword held = new HeldPassword(processors);
        ExecutorService threads = Executors.newFixedThreadPool(processors + FLOOD + 1);
        try {
            int before = passwordChecks.total();
            List<Future<Boolean>> holding = new ArrayList<>();
            for (int i = 0; i < processors; i++) {
                holding.add(threads.submit(() -> passwordEncoder.matches(held, storedHash)));
            }
            assertThat(held.inside.await(30, TimeUnit.SECONDS)).as("every processor hashing").isTrue();

            int refusedAtOnce = FLOOD - hashQueue;
            CountDownLatch answeredAtOnce = new CountDownLatch(refusedAtOnce);
            Queue<HttpResponse<String>> answered = new ConcurrentLinkedQueue<>();
            List<Future<HttpResponse<String>>> signIns = new ArrayList<>();
            for (int i = 0; i < FLOOD; i++) {
                int index = i;
                signIns.add(threads.submit(() -> {
                    try {
                        HttpResponse<String> answer = flood.get(index).signIn(TestAccounts.uniqueEmail("flood"),
                                WRONG_PASSWORD, tokens.get(index));
                        answered.add(answer);
                        return answer;
                    } finally {
                        answeredAtOnce.countDown();
                    }
                }));
            }
            // Every processor is held: only sign-ins refused without a hash can be answered now. The waits here
            // (30 s, then 20 s for each of the two pages: 70 s at worst) end before the test context's backstop (90 s) frees anyone.
            boolean refusedInTime = answeredAtOnce.await(30, TimeUnit.SECONDS);
            Map<String, Long> whileHeld = AttackTest.answersOf(List.copyOf(answered));
            // Meanwhile, with the queue full and every processor taken: the sign-in page and a signed-in page.
            Future<Integer> signInPage = threads.submit(() -> new CookieBrowser(baseUrl()).get("/login").statusCode());
            Future<List<String>> profile = threads.submit(() -> VaadinHttpUi.open(signedIn, "profile").texts());
            String signInPageAnswer = answerWithin(signInPage, String::valueOf);
            String profileAnswer = answerWithin(profile, texts -> texts.contains("Profile Settings") ? "opened" : "not shown");
            int waiting = FLOOD - answered.size();
            boolean holdersStillHashing = holding.stream().noneMatch(Future::isDone);
            held.gate.countDown();
            List<HttpResponse<String>> all = new ArrayList<>();
            for (Future<HttpResponse<String>> signIn : signIns) {
                all.add(signIn.get(120, TimeUnit.SECONDS));
            }
            for (Future<Boolean> holder : holding) {
                assertThat(holder.get(30, TimeUnit.SECONDS)).isFalse();
            }
            int hashedFromTheFlood = passwordChecks.total() - before - processors;
            Map<String, Long> answers = AttackTest.answersOf(all);

            System.out.printf("ATTACK %d sign-ins at once, every processor hashing: refused at once=%d waited=%d "
                            + "hashed=%d answers=%s; meanwhile sign-in page %s, Profile Settings %s%n", FLOOD,
                    whileHeld.getOrDefault("busy", 0L), waiting, hashedFromTheFlood, answers, signInPageAnswer, profileAnswer);
            assertThat(refusedInTime).as("%d of %d sign-ins answered within 30 s, every processor hashing; answered while "
                    + "held: %s", refusedAtOnce, FLOOD, whileHeld).isTrue();
            assertThat(holdersStillHashing).as("the processors were still held while the flood was answered").isTrue();
            assertThat(whileHeld).containsExactly(Map.entry("busy", (long) refusedAtOnce));
            assertThat(waiting).isEqualTo(hashQueue);
            assertThat(signInPageAnswer).isEqualTo("200");
            assertThat(profileAnswer).isEqualTo("opened");
            assertThat(all).noneMatch(response -> response.statusCode() >= 500);
            assertThat(answers).containsOnly(Map.entry("busy", (long) refusedAtOnce),
                    Map.entry("wrong password", (long) hashQueue));
            assertThat(hashedFromTheFlood).isEqualTo(hashQueue);
        } finally {
            held.gate.countDown();
            threads.shutdownNow();
        }
    }

    /** What a page request answered within 20 s, or that it did not. */
    private static <T> String answerWithin(Future<T> request, java.util.function.Function<T, String> answer) throws Exception {
        try {
            return answer.apply(request.get(20, TimeUnit.SECONDS));
        } catch (TimeoutException e) {
            return "no answer within 20 s";
        }
    }

    /**
     * A typed password that the encoder reads only once the gate opens: a check of it holds its
     * processor until then. It never matches.
     */
    private static final class HeldPassword implements CharSequence {

        final CountDownLatch inside;
        final CountDownLatch gate = new CountDownLatch(1);

        HeldPassword(int holders) {
            inside = new CountDownLatch(holders);
        }

        @Override
        public String toString() {
            inside.countDown();
            try {
                if (!gate.await(180, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the test never opened the gate");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return WRONG_PASSWORD;
        }

        @Override
        public int length() {
            return WRONG_PASSWORD.length();
        }

        @Override
        public char charAt(int index) {
            return WRONG_PASSWORD.charAt(index);
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return WRONG_PASSWORD.subSequence(start, end);
        }
    }
}
