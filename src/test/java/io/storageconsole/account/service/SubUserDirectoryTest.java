package io.storageconsole.account.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.storageconsole.account.domain.Account;
import io.storageconsole.account.domain.MfaCounts;
import io.storageconsole.account.domain.MfaState;
import io.storageconsole.account.domain.SubUserOrder;
import io.storageconsole.account.domain.SubUserQuery;
import io.storageconsole.account.domain.SubUserRow;
import io.storageconsole.security.SignedInAccount;
import io.storageconsole.testing.IntegrationTest;
import io.storageconsole.testing.TestAccounts;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.core.context.SecurityContextHolder;

class SubUserDirectoryTest extends IntegrationTest {

    private static final int SUB_USERS = 23;

    @Autowired
    private SubUserDirectory directory;

    @Autowired
    private AccountRegistration accounts;

    @Autowired
    private io.storageconsole.mfa.service.MfaAdministration mfaAdministration;

    private SignedInAccount root;
    private String run;

    @BeforeEach
    void organizationWithTiesAndGaps() {
        root = testAccounts.newOrganization();
        run = UUID.randomUUID().toString().substring(0, 8);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        for (int i = 0; i < SUB_USERS; i++) {
            // Three users share each creation time and every third never signed in: ties and NULLs
            // are where paging from the two ends could disagree.
            SecurityContextHolder.clearContext();
            long id = accounts.provisionSubUser(root.organizationId(), "u%02d-%s@test.example.com".formatted(i, run), null,
                    now.minus(Duration.ofDays(i / 3)), i % 3 != 0 ? now.minus(Duration.ofHours(i % 5)) : null).id();
            if (i % 4 == 0) {
                mfaAdministration.requireEnrolmentAtProvisioning(id);
            }
        }
        TestAccounts.signIn(root);
    }

    @Test
    void every_page_read_from_the_end_equals_the_same_page_read_forward() {
        for (SubUserOrder order : SubUserOrder.values()) {
            for (boolean descending : List.of(false, true)) {
                SubUserQuery query = SubUserQuery.all().sortedBy(order, descending);
                List<SubUserRow> all = directory.page(root.organizationId(), query, 0, SUB_USERS, SubUserDirectory.UNKNOWN_TOTAL);
                assertThat(all).as(order + " descending " + descending).hasSize(SUB_USERS).doesNotHaveDuplicates();
                for (int limit : List.of(1, 5, 7)) {
                    for (int offset = 0; offset < SUB_USERS; offset++) {
                        List<SubUserRow> page = directory.page(root.organizationId(), query, offset, limit, SUB_USERS);
                        assertThat(page).as("%s descending %s offset %d limit %d", order, descending, offset, limit)
                                .containsExactlyElementsOf(all.subList(offset, Math.min(offset + limit, SUB_USERS)));
                    }
                }
            }
        }
    }

    @Test
    void the_email_filter_matches_anywhere_in_the_address_in_any_case() {
        SubUserQuery start = SubUserQuery.all().withEmailContaining("  U1");
        SubUserQuery middle = SubUserQuery.all().withEmailContaining("1-" + run.toUpperCase());
        SubUserQuery domain = SubUserQuery.all().withEmailContaining("TEST.example");
        SubUserQuery acrossTheAt = SubUserQuery.all().withEmailContaining(run + "@test.ex");

        assertThat(emailsOf(start)).hasSize(10).allMatch(email -> email.startsWith("u1"));
        assertThat(directory.count(root.organizationId(), start)).isEqualTo(10);
        assertThat(emailsOf(middle)).hasSize(3).allMatch(email -> email.contains("1-" + run));
        assertThat(directory.count(root.organizationId(), middle)).isEqualTo(3);
        assertThat(emailsOf(domain)).hasSize(SUB_USERS);
        assertThat(directory.count(root.organizationId(), domain)).isEqualTo(SUB_USERS);
        assertThat(emailsOf(acrossTheAt)).hasSize(SUB_USERS);
        assertThat(directory.count(root.organizationId(), acrossTheAt)).isEqualTo(SUB_USERS);
        assertThat(directory.count(root.organizationId(), SubUserQuery.all().withEmailContaining("@" + run))).isZero();
        assertThat(emailsOf(SubUserQuery.all().withEmailContaining("@" + run))).isEmpty();
    }

    @Test
    void a_filter_in_one_domain_counts_that_domain_and_the_local_parts_elsewhere() {
        String otherDomain = run + ".partner.example.org";
        provision("sam@" + otherDomain);
        provision("partner-" + run + "@test.example.com");
        TestAccounts.signIn(root);
        SubUserQuery partner = SubUserQuery.all().withEmailContaining("partner");

        assertThat(emailsOf(partner)).containsExactlyInAnyOrder("sam@" + otherDomain, "partner-" + run + "@test.example.com");
        assertThat(directory.count(root.organizationId(), partner)).isEqualTo(2);
        assertThat(directory.count(root.organizationId(), partner.withMfaState(MfaState.PENDING))).isZero();
    }

    @Test
    void the_text_filter_and_the_mfa_state_filter_combine_in_every_order() {
        SubUserQuery pendingWithOne = SubUserQuery.all().withEmailContaining("u1").withMfaState(MfaState.PENDING);
        for (SubUserOrder order : SubUserOrder.values()) {
            SubUserQuery sorted = pendingWithOne.sortedBy(order, true);
            // u00 u04 u08 u12 u16 u20 are pending; of those, u12 and u16 contain "u1".
            assertThat(emailsOf(sorted)).as(order.name()).hasSize(2)
                    .allMatch(email -> email.startsWith("u12") || email.startsWith("u16"));
            assertThat(directory.count(root.organizationId(), sorted)).isEqualTo(2);
        }
    }

    @Test
    void percent_and_underscore_in_the_filter_match_only_themselves() {
        String percent = "100%-" + run + "@test.example.com";
        String underscore = "a_b-" + run + "@test.example.com";
        provision(percent);
        provision(underscore);
        provision("axb-" + run + "@test.example.com");
        TestAccounts.signIn(root);

        assertThat(emailsOf(SubUserQuery.all().withEmailContaining("0%"))).containsExactly(percent);
        assertThat(emailsOf(SubUserQuery.all().withEmailContaining("a_b"))).containsExactly(underscore);
        assertThat(emailsOf(SubUserQuery.all().withEmailContaining("%"))).containsExactly(percent);
        assertThat(emailsOf(SubUserQuery.all().withEmailContaining("_"))).containsExactly(underscore);
        assertThat(emailsOf(SubUserQuery.all().withEmailContaining("!"))).isEmpty();
    }

    @Test
    void the_mfa_filter_and_the_summary_count_in_sql() {
        MfaCounts counts = directory.mfaCounts(root.organizationId());

        assertThat(counts).isEqualTo(new MfaCounts(0, 6, 17));
        assertThat(directory.count(root.organizationId(), SubUserQuery.all().withMfaState(MfaState.PENDING))).isEqualTo(6);
        assertThat(directory.page(root.organizationId(), SubUserQuery.all().withMfaState(MfaState.PENDING), 0, 50,
                SubUserDirectory.UNKNOWN_TOTAL)).extracting(SubUserRow::mfaState).containsOnly(MfaState.PENDING).hasSize(6);
    }

    @Test
    void a_page_larger_than_the_maximum_or_before_the_start_is_refused() {
        assertThatThrownBy(() -> directory.page(root.organizationId(), SubUserQuery.all(), 0,
                SubUserDirectory.MAX_PAGE_SIZE + 1, SubUserDirectory.UNKNOWN_TOTAL)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> directory.page(root.organizationId(), SubUserQuery.all(), -1, 10,
                SubUserDirectory.UNKNOWN_TOTAL)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_filter_of_10000_characters_finds_nothing_and_fails_nothing() {
        SubUserQuery query = SubUserQuery.all().withEmailContaining("u".repeat(10_000));

        assertThat(directory.count(root.organizationId(), query)).isZero();
        assertThat(directory.page(root.organizationId(), query, 0, 50, SubUserDirectory.UNKNOWN_TOTAL)).isEmpty();
    }

    private List<String> emailsOf(SubUserQuery query) {
        return directory.page(root.organizationId(), query, 0, 50, SubUserDirectory.UNKNOWN_TOTAL)
                .stream().map(SubUserRow::email).toList();
    }

    private void provision(String email) {
        SecurityContextHolder.clearContext();
        accounts.provisionSubUser(root.organizationId(), email, null, Instant.now(), null);
    }
}
