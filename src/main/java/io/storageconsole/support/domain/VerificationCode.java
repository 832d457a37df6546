package io.storageconsole.support.domain;

import java.time.Instant;

/**
 * A one-time code support mailed to an account's address; only its salted hash is kept. Once used,
 * it records who verified the customer's identity and when.
 *
 * @param voidedAt   when a newer code or too many wrong tries made it unusable; null otherwise
 * @param usedAt     when the customer's identity was verified with it; null until then
 * @param verifiedBy the support member who typed it in; null until used
 */
public record VerificationCode(long id, long accountId, String codeSalt, String codeHash, long sentBy, Instant sentAt,
                               Instant expiresAt, Instant voidedAt, Instant usedAt, Long verifiedBy) {

    @Override
    public String toString() {
        return "VerificationCode[" + id + ", account " + accountId + ", sent " + sentAt + ", used " + usedAt + "]";
    }
}
