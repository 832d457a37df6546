package io.storageconsole.support.service;

import java.time.Instant;

/**
 * Where the identity check of an account stands, as the account page shows it: never the code.
 *
 * @param codeSentAt    when the code waiting to be read back was sent; null when none waits
 * @param codeSentBy    the support member who sent it
 * @param codeExpiresAt when it stops working
 * @param verifiedAt    when the identity was last verified within the last 30 minutes; null if not
 * @param verifiedBy    by which support member
 * @param verifiedUntil until when that verification lets that member act
 * @param verifiedByMe  whether the member asking verified it (only they may act on it)
 */
public record VerificationStatus(Instant codeSentAt, String codeSentBy, Instant codeExpiresAt, Instant verifiedAt,
                                 String verifiedBy, Instant verifiedUntil, boolean verifiedByMe) {

    public boolean codeWaiting() {
        return codeSentAt != null;
    }

    public boolean verified() {
        return verifiedAt != null;
    }
}
