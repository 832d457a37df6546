package io.storageconsole.support.service;

import io.storageconsole.base.service.FieldErrors;
import java.util.regex.Pattern;

/**
 * The reason and ticket reference that every support action records, as the dialog sends them.
 *
 * @param otherReason the words for {@link SupportReason#OTHER}; ignored for the other reasons
 */
public record ActionReason(SupportReason reason, String otherReason, String ticket) {

    public static final int MAX_OTHER_REASON = 200;
    public static final String TICKET_PROBLEM = "Enter the ticket reference: up to 40 letters, digits and - _ . # /";
    private static final Pattern TICKET = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.#/-]{0,39}");

    /** "Reason: Lost or replaced authenticator device. Ticket: SUP-1042." for the audit log and the notices. */
    String describe() {
        return "Reason: " + reasonText() + ". Ticket: " + ticketReference() + ".";
    }

    /** "Lost or replaced authenticator device", or "Other: " and the words given. */
    String reasonText() {
        return reason == SupportReason.OTHER ? "Other: " + otherReason.strip() : reason.label();
    }

    String ticketReference() {
        return ticket.strip();
    }

    /** Refuses, field by field ("reason", "otherReason", "ticket"), anything missing or unreadable. */
    static ActionReason checked(ActionReason given) {
        FieldErrors errors = new FieldErrors();
        if (given == null || given.reason() == null) {
            errors.add("reason", "Choose a reason.");
        } else if (given.reason() == SupportReason.OTHER) {
            String other = given.otherReason() == null ? "" : given.otherReason().strip();
            if (other.isEmpty()) {
                errors.add("otherReason", "Say in a few words why.");
            } else if (other.length() > MAX_OTHER_REASON || other.chars().anyMatch(Character::isISOControl)) {
                errors.add("otherReason", "Say why in one line of at most " + MAX_OTHER_REASON + " characters.");
            }
        }
        String ticket = given == null || given.ticket() == null ? "" : given.ticket().strip();
        if (!TICKET.matcher(ticket).matches()) {
            errors.add("ticket", TICKET_PROBLEM);
        }
        errors.throwIfAny();
        return given;
    }
}
