package io.storageconsole.support.ui.component;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** How the support pages write moments and ages. */
public final class Times {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private Times() {
    }

    /** "2026-05-01 14:02 UTC"; "never" for null. */
    public static String when(Instant instant) {
        return instant == null ? "never" : WHEN.format(instant);
    }

    /** "14:02 UTC", for moments within the hour. */
    public static String time(Instant instant) {
        return TIME.format(instant);
    }

    /** "just now", "12 minutes", "3 hours", "2 days": how long ago {@code since} was. */
    public static String age(Instant since, Instant now) {
        Duration age = Duration.between(since, now);
        if (age.toMinutes() < 1) {
            return "just now";
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
        return age.equals("just now") ? age : age + " ago";
    }

    private static String plural(long count, String unit) {
        return count + " " + unit + (count == 1 ? "" : "s");
    }
}
