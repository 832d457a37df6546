package io.storageconsole.testing;

import io.storageconsole.security.SignedInAccount;
import io.storageconsole.support.service.IdentityVerification;
import jakarta.mail.internet.MimeMessage;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.boot.test.context.TestComponent;
import org.springframework.security.core.context.SecurityContextHolder;

/** Support members with MFA, and the identity check as a customer and support go through it. */
@TestComponent
public class SupportCases {

    public static final String CODE_MAIL_SUBJECT = "Your verification code for Storage Console support";
    private static final Pattern CODE = Pattern.compile("^ {4}(\\d{4} \\d{4})$", Pattern.MULTILINE);

    private final TestAccounts accounts;
    private final IdentityVerification identity;
    private final MutableClock clock;

    SupportCases(TestAccounts accounts, IdentityVerification identity, MutableClock clock) {
        this.accounts = accounts;
        this.identity = identity;
        this.clock = clock;
    }

    /** A support member whose MFA is active, as every support member's must be to do support work. */
    public SignedInAccount newSupportMember() {
        SignedInAccount support = accounts.newSupport();
        accounts.enrolMfa(support, clock.instant());
        return support;
    }

    /** {@code support} mails a code to the customer; returns it as the customer reads it from the mail. */
    public String sendCode(SignedInAccount support, SignedInAccount customer) {
        int before = codeMailsTo(customer.email()).size();
        TestAccounts.signIn(support);
        identity.sendCode(customer.accountId());
        return awaitCode(customer.email(), before + 1);
    }

    /** {@code support} verifies the customer's identity with a code mailed just now; support stays signed in. */
    public void verify(SignedInAccount support, SignedInAccount customer) {
        String code = sendCode(support, customer);
        TestAccounts.signIn(support);
        identity.verify(customer.accountId(), code);
    }

    /** The code of the {@code count}th verification mail to {@code email}, once it arrived. */
    public static String awaitCode(String email, int count) {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (true) {
            List<MimeMessage> mails = codeMailsTo(email);
            if (mails.size() >= count) {
                return codeIn(mails.get(count - 1));
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("No verification mail number " + count + " to " + email);
            }
            IntegrationTest.MAIL.waitForIncomingEmail(500, IntegrationTest.MAIL.getReceivedMessages().length + 1);
        }
    }

    /** The first mail to {@code email} with this subject, once it arrived (or an AssertionError after 20 s). */
    public static MimeMessage awaitSubject(String email, String subject) {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (true) {
            for (MimeMessage mail : IntegrationTest.awaitMailTo(email, 0)) {
                try {
                    if (subject.equals(mail.getSubject())) {
                        return mail;
                    }
                } catch (jakarta.mail.MessagingException e) {
                    throw new IllegalStateException(e);
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("No mail \"" + subject + "\" to " + email);
            }
            IntegrationTest.MAIL.waitForIncomingEmail(500, IntegrationTest.MAIL.getReceivedMessages().length + 1);
        }
    }

    public static List<MimeMessage> codeMailsTo(String email) {
        return IntegrationTest.awaitMailTo(email, 0).stream().filter(SupportCases::isCodeMail).toList();
    }

    public static String codeIn(MimeMessage mail) {
        try {
            Matcher matcher = CODE.matcher(mail.getContent().toString().replace("\r\n", "\n"));
            if (!matcher.find()) {
                throw new AssertionError("No code in the mail");
            }
            return matcher.group(1);
        } catch (java.io.IOException | jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean isCodeMail(MimeMessage mail) {
        try {
            return CODE_MAIL_SUBJECT.equals(mail.getSubject());
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static void signOut() {
        SecurityContextHolder.clearContext();
    }
}
