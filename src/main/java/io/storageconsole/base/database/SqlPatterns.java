package io.storageconsole.base.database;

/** LIKE patterns built from what people type, with '!' as the escape character ({@code ESCAPE '!'}). */
public final class SqlPatterns {

    private SqlPatterns() {
    }

    /**
     * Matches text that starts with {@code prefix}, whose own % and _ match only themselves: a range
     * of an index on the column, unlike a pattern that starts with %.
     */
    public static String startsWith(String prefix) {
        return prefix.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%";
    }
}
