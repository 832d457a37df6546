package io.storageconsole.account.service;

import io.storageconsole.account.domain.Account;
import io.storageconsole.account.domain.AccountLinks;
import io.storageconsole.account.domain.AccountLinks.Purpose;
import io.storageconsole.account.domain.AccountRepository;
import io.storageconsole.base.service.ActionRefusedException;
import java.time.Instant;
import java.util.function.Predicate;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * What a password set through a link by email (a forgotten password, an invitation) shares: the
 * link's address, and spending the link on the new password.
 */
@Component
class LinkPasswords {

    private final AccountRepository accounts;
    private final AccountLinks links;
    private final String publicUrl;

    LinkPasswords(AccountRepository accounts, AccountLinks links, @Value("${console.public-url}") String publicUrl) {
        this.accounts = accounts;
        this.links = links;
        this.publicUrl = publicUrl.endsWith("/") ? publicUrl : publicUrl + "/";
    }

    /** The address the mail carries: the console's public URL, the page's route and the token. */
    String link(String route, String token) {
        return publicUrl + route + "/" + token;
    }

    /**
     * Sets the password of the link's account, if the link is usable and the account still
     * {@code eligible}; the link is spent and the account's other links of that purpose voided.
     * Refused with {@code unusable} otherwise. The link stays locked until the caller's commit, so
     * the same link submitted twice at once sets the password once.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    Account setPassword(String tokenHash, Purpose purpose, String newPasswordHash, Instant now,
                        Predicate<Account> eligible, String unusable) {
        long accountId = links.findUsable(tokenHash, purpose, now).orElseThrow(() -> new ActionRefusedException(unusable));
        Account account = accounts.findById(accountId).filter(eligible).orElseThrow(() -> new ActionRefusedException(unusable));
        links.use(tokenHash, purpose, now);
        links.voidOthers(accountId, purpose, now);
        account.changePasswordHash(newPasswordHash);
        return accounts.save(account);
    }
}
