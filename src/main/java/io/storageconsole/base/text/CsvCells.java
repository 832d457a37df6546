package io.storageconsole.base.text;

/** One CSV cell (RFC 4180), safe to open in a spreadsheet: every export writes its cells here. */
public final class CsvCells {

    private CsvCells() {
    }

    /**
     * The value quoted when it holds a comma, quote or line break; a value that a spreadsheet would
     * run as a formula gets a leading apostrophe (an address such as {@code =1+1@x.example} is valid).
     */
    public static String cell(String value) {
        if (value == null) {
            return "";
        }
        String safe = value;
        if (!safe.isEmpty() && "=+-@\t\r".indexOf(safe.charAt(0)) >= 0) {
            safe = "'" + safe;
        }
        if (safe.contains(",") || safe.contains("\"") || safe.contains("\n") || safe.contains("\r")) {
            safe = "\"" + safe.replace("\"", "\"\"") + "\"";
        }
        return safe;
    }
}
