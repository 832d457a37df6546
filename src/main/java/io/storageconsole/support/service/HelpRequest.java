package io.storageconsole.support.service;

import io.storageconsole.support.domain.SupportRequest;
import java.time.Instant;

/** The customer's open request for help, as the second sign-in step shows it back to them. */
public record HelpRequest(long id, String description, String contact, Instant openedAt, Instant updatedAt) {

    static HelpRequest of(SupportRequest request) {
        return new HelpRequest(request.id(), request.description(), request.contact(), request.openedAt(),
                request.updatedAt());
    }
}
