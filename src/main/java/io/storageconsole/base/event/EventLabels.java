package io.storageconsole.base.event;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Each event type as people read it in the audit log, its filter and its export. A type added
 * later without a label here reads as its name in words ("INVITATION_SENT": "Invitation sent").
 */
public final class EventLabels {

    private static final Map<SecurityEventType, String> LABELS = new EnumMap<>(Map.ofEntries(
            Map.entry(SecurityEventType.ORGANIZATION_CREATED, "Organization created"),
            Map.entry(SecurityEventType.SIGN_IN, "Signed in"),
            Map.entry(SecurityEventType.SIGN_IN_FAILED, "Sign-in failed"),
            Map.entry(SecurityEventType.SIGN_IN_BLOCKED, "Sign-in blocked"),
            Map.entry(SecurityEventType.SIGN_OUT, "Signed out"),
            Map.entry(SecurityEventType.PASSWORD_CHANGED, "Password changed"),
            Map.entry(SecurityEventType.PASSWORD_RESET_REQUESTED, "Password reset link sent"),
            Map.entry(SecurityEventType.PASSWORD_RESET, "Password reset by link"),
            Map.entry(SecurityEventType.PASSWORD_CONFIRMATION_FAILED, "Password confirmation failed"),
            Map.entry(SecurityEventType.PASSWORD_CONFIRMATION_LOCKED, "Password confirmation locked"),
            Map.entry(SecurityEventType.MFA_ENROLMENT_STARTED, "MFA set-up started"),
            Map.entry(SecurityEventType.MFA_ENROLMENT_CANCELLED, "MFA set-up cancelled"),
            Map.entry(SecurityEventType.MFA_ACTIVATED, "MFA turned on"),
            Map.entry(SecurityEventType.MFA_TURNED_OFF, "MFA turned off"),
            Map.entry(SecurityEventType.MFA_RESET, "MFA reset"),
            Map.entry(SecurityEventType.MFA_RECOVERY_CODE_USED, "Recovery code used"),
            Map.entry(SecurityEventType.MFA_RECOVERY_CODES_REGENERATED, "Recovery codes regenerated"),
            Map.entry(SecurityEventType.MFA_CODE_FAILED, "Wrong MFA code"),
            Map.entry(SecurityEventType.MFA_LOCKED, "MFA codes locked"),
            Map.entry(SecurityEventType.MFA_ENFORCEMENT_CHANGED, "MFA enforcement changed"),
            Map.entry(SecurityEventType.MFA_REQUIRED_BY_ROOT, "MFA required by the root user"),
            Map.entry(SecurityEventType.SUB_USER_ADDED, "User added"),
            Map.entry(SecurityEventType.SUB_USER_DELETED, "User deleted"),
            Map.entry(SecurityEventType.CONSOLE_ACCESS_TURNED_ON, "Console access turned on"),
            Map.entry(SecurityEventType.CONSOLE_ACCESS_TURNED_OFF, "Console access turned off"),
            Map.entry(SecurityEventType.SUB_USERS_EXPORTED, "Users exported"),
            Map.entry(SecurityEventType.AUDIT_LOG_EXPORTED, "Audit log exported"),
            Map.entry(SecurityEventType.SESSION_STARTED, "Session started"),
            Map.entry(SecurityEventType.SESSION_EXPIRED, "Session expired"),
            Map.entry(SecurityEventType.SESSION_ENDED, "Session ended"),
            Map.entry(SecurityEventType.SESSION_ENDED_BY_OTHER, "Session ended by someone else"),
            Map.entry(SecurityEventType.SESSION_REVOKED, "Session ended by a credential change"),
            Map.entry(SecurityEventType.SESSION_LIFETIME_CHANGED, "Session lifetime changed"),
            Map.entry(SecurityEventType.SUPPORT_REQUEST_OPENED, "Support request opened"),
            Map.entry(SecurityEventType.SUPPORT_REQUEST_UPDATED, "Support request updated"),
            Map.entry(SecurityEventType.SUPPORT_REQUEST_CLOSED, "Support request closed"),
            Map.entry(SecurityEventType.SUPPORT_ACCOUNT_VIEWED, "Support viewed the account"),
            Map.entry(SecurityEventType.SUPPORT_VERIFICATION_CODE_SENT, "Support sent a verification code"),
            Map.entry(SecurityEventType.SUPPORT_VERIFICATION_FAILED, "Support verification failed"),
            Map.entry(SecurityEventType.SUPPORT_IDENTITY_VERIFIED, "Identity verified by support"),
            Map.entry(SecurityEventType.SUPPORT_MFA_RESET_REQUESTED, "Support asked to reset MFA"),
            Map.entry(SecurityEventType.SUPPORT_MFA_RESET_APPROVED, "Support MFA reset approved"),
            Map.entry(SecurityEventType.SUPPORT_MFA_RESET_REJECTED, "Support MFA reset rejected"),
            Map.entry(SecurityEventType.SUPPORT_MFA_RESET_WITHDRAWN, "Support MFA reset withdrawn"),
            Map.entry(SecurityEventType.MFA_CODES_UNLOCKED, "MFA codes unlocked by support"),
            Map.entry(SecurityEventType.SIGN_IN_BLOCKS_LIFTED, "Sign-in blocks lifted by support"),
            Map.entry(SecurityEventType.SUPPORT_SESSIONS_ENDED, "Sessions ended by support"),
            Map.entry(SecurityEventType.SUPPORT_ACTION_REPORTED_TO_ROOT, "Support action reported")));

    private EventLabels() {
    }

    /** The label of a stored type name; a name no longer known reads as itself in words. */
    public static String of(String typeName) {
        try {
            return of(SecurityEventType.valueOf(typeName));
        } catch (IllegalArgumentException unknown) {
            return inWords(typeName);
        }
    }

    public static String of(SecurityEventType type) {
        return LABELS.getOrDefault(type, inWords(type.name()));
    }

    /** Every type, in the order of their labels, for the filter. */
    public static List<SecurityEventType> byLabel() {
        return Arrays.stream(SecurityEventType.values()).sorted(java.util.Comparator.comparing(EventLabels::of)).toList();
    }

    private static String inWords(String name) {
        String words = name.replace('_', ' ').toLowerCase(Locale.ROOT);
        return words.isEmpty() ? words : Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }
}
