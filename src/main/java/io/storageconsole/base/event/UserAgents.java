package io.storageconsole.base.event;

/**
 * Names the browser and system of a User-Agent header, roughly, for people recognising their own
 * devices. Order matters: Edge and Opera also say "Chrome", Chrome also says "Safari", iPhones say
 * "like Mac OS X" and Android says "Linux".
 */
public final class UserAgents {

    private UserAgents() {
    }

    public static String browserOf(String userAgent) {
        if (userAgent == null) {
            return "Unknown browser";
        }
        if (containsAny(userAgent, "Edg/", "EdgA/", "EdgiOS/")) {
            return "Edge";
        }
        if (containsAny(userAgent, "OPR/", "Opera")) {
            return "Opera";
        }
        if (containsAny(userAgent, "Firefox/", "FxiOS/")) {
            return "Firefox";
        }
        if (containsAny(userAgent, "Chrome/", "CriOS/", "Chromium/")) {
            return "Chrome";
        }
        if (userAgent.contains("Safari/")) {
            return "Safari";
        }
        return "Unknown browser";
    }

    public static String systemOf(String userAgent) {
        if (userAgent == null) {
            return "unknown system";
        }
        if (userAgent.contains("Windows")) {
            return "Windows";
        }
        if (containsAny(userAgent, "iPhone", "iPad", "iPod")) {
            return "iOS";
        }
        if (userAgent.contains("Android")) {
            return "Android";
        }
        if (userAgent.contains("CrOS")) {
            return "ChromeOS";
        }
        if (containsAny(userAgent, "Macintosh", "Mac OS X")) {
            return "macOS";
        }
        if (userAgent.contains("Linux")) {
            return "Linux";
        }
        return "unknown system";
    }

    /** "Chrome on Linux". */
    public static String describe(String userAgent) {
        return browserOf(userAgent) + " on " + systemOf(userAgent);
    }

    private static boolean containsAny(String text, String... parts) {
        for (String part : parts) {
            if (text.contains(part)) {
                return true;
            }
        }
        return false;
    }
}
