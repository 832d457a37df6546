package io.storageconsole.base.text;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * How the console writes a moment for people, in pages, mails and exports: one place, so that every
 * page says a time the same way (and a later switch to the browser's zone is made once).
 */
public final class Times {

    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm 'UTC'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter SECOND = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter SECOND_UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private static final String JUST_NOW = "just now";

    private static final DateTimeFormatter LOCAL_MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z", Locale.ENGLISH);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ENGLISH);

    private Times() {
    }

    /** "2026-11-30 15:05 CET": a moment in the reader's zone, the zone named. */
    public static String minute(Instant instant, ZoneId zone) {
        return LOCAL_MINUTE.withZone(zone).format(instant);
    }

    /** "6 Dec 2026": the day of a moment in the reader's zone. */
    public static String day(Instant instant, ZoneId zone) {
        return DAY.withZone(zone).format(instant);
    }

    /** "2026-11-30 14:05 UTC". */
    public static String minute(Instant instant) {
        return MINUTE.format(instant);
    }

    /** The same, or {@code otherwise} when there is no moment (a user who never signed in). */
    public static String minuteOr(Instant instant, String otherwise) {
        return instant == null ? otherwise : minute(instant);
    }

    /** "14:05 UTC", for a moment later today. */
    public static String clock(Instant instant) {
        return CLOCK.format(instant);
    }

    /** "2026-11-30 14:05:09", in UTC, for exports whose header names the zone. */
    public static String second(Instant instant) {
        return SECOND.format(instant);
    }

    /** "2026-11-30 14:05:09 UTC", for audit details that others compare with logs. */
    public static String secondUtc(Instant instant) {
        return SECOND_UTC.format(instant);
    }

    /** The wait from {@code now} until {@code until} in whole minutes, rounded up, at least 1. */
    public static long minutesUntil(Instant now, Instant until) {
        return Math.max(1, (Duration.between(now, until).toSeconds() + 59) / 60);
    }

    /** The same wait in words: "1 minute", "15 minutes". */
    public static String minutesFrom(Instant now, Instant until) {
        return plural(minutesUntil(now, until), "minute");
    }

    /** How long ago {@code since} was: "just now", "12 minutes", "3 hours", "2 days". */
    public static String age(Instant since, Instant now) {
        Duration age = Duration.between(since, now);
        if (age.toMinutes() < 1) {
            return JUST_NOW;
        }
        if (age.toHours() < 1) {
            return plural(age.toMinutes(), "minute");
        }
        if (age.toDays() < 1) {
            return plural(age.toHours(), "hour");
        }
        return plural(age.toDays(), "day");
    }

    /** "just now", "12 minutes ago". */
    public static String ago(Instant since, Instant now) {
        String age = age(since, now);
        return age.equals(JUST_NOW) ? age : age + " ago";
    }

    private static String plural(long count, String unit) {
        return count + " " + unit + (count == 1 ? "" : "s");
    }
}
