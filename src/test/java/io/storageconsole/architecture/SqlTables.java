package io.storageconsole.architecture;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The tables that each feature's SQL names, read from the string literals of its source: a feature's
 * statements name its own tables, and another feature's table only where {@link #CROSSINGS} says why.
 * ArchUnit sees which classes call {@code JdbcClient}, not which tables their strings name, so a join
 * on another feature's table stayed invisible to every rule until this.
 */
final class SqlTables {

    /** Every table, by the feature that owns it. A new table must be given an owner here. */
    static final Map<String, String> OWNERS = Map.ofEntries(
            Map.entry("account", "account"), Map.entry("sub_user_tally", "account"),
            Map.entry("sub_user_local_suffix", "account"), Map.entry("sub_user_email_rank", "account"),
            Map.entry("sub_user_sign_in_rank", "account"), Map.entry("account_sign_in", "account"),
            Map.entry("account_link", "account"),
            Map.entry("organization", "organization"),
            Map.entry("mfa_credential", "mfa"), Map.entry("mfa_recovery_code", "mfa"),
            Map.entry("console_session", "session"), Map.entry("attempt_counter", "security"),
            Map.entry("audit_event", "audit"), Map.entry("audit_address", "audit"), Map.entry("mail_outbox", "notification"),
            Map.entry("support_request", "support"), Map.entry("support_verification", "support"),
            Map.entry("support_reset_approval", "support"));

    /**
     * Every stored procedure the Java code calls, by the features that may call it. A procedure's
     * statements are in a migration, out of this scan's sight, so whoever calls it names all the
     * tables it writes: a new procedure must be listed here, with its reason if it crosses features.
     */
    static final Map<String, Set<String>> PROCEDURE_CALLERS = Map.of(
            "attempt_reserve", Set.of("security"),
            "attempt_count_locked", Set.of("security"),
            // DatabaseServerCheck calls it with null keys, which count nothing, to check the EXECUTE grant.
            "attempt_count", Set.of("security", "base"),
            // V150: the code step's writes after its claim, in one call (decision 0065): the session's start and,
            // for the other features, each the statement its owner runs for a sign-in without a code (the
            // security feature's counter, two audit rows, the account's sign-in row). SessionStartsAfterCodeTest
            // compares the rows of both ways.
            "code_sign_in_start", Set.of("session"),
            // V151: the code check's read and its count in one call (decision 0065); the count is the security
            // feature's own procedure (attempt_count_locked_into), which the call calls.
            "code_check_begin", Set.of("mfa"));

    /** The server's own schemas, which the database toolbox of base may read. */
    private static final Set<String> SYSTEM = Set.of("mysql", "information_schema");

    /** The one feature's SQL that names another's table, each for a reason (decision 16). */
    static final Set<String> CROSSINGS = Set.of(
            // MfaStates: account.mfa_state is the MFA feature's column, written only there.
            "mfa -> account",
            // Each session is listed with its owner's email and organization: a read-only join.
            "session -> account");

    private static final Pattern LITERAL = Pattern.compile("\"\"\"(.*?)\"\"\"|\"((?:[^\"\\\\\\n]|\\\\.)*)\"", Pattern.DOTALL);
    // Not "ON DUPLICATE KEY UPDATE column", which names a column of the table inserted into.
    private static final Pattern TABLE = Pattern.compile("\\b(FROM|JOIN|(?<!KEY )UPDATE|INTO)\\s+([a-z_][a-z0-9_]*)");
    // A compound statement's local variable, which SELECT … INTO names too: after INTO, a name DECLAREd
    // in the file is no table; after FROM, JOIN or UPDATE it still is.
    private static final Pattern CALL = Pattern.compile("\\bCALL\\s+([a-z_][a-z0-9_]*)");
    private static final Pattern DECLARED = Pattern.compile("\\bDECLARE\\s+([a-z_][a-z0-9_]*)");

    private SqlTables() {
    }

    /**
     * "feature -> table (File.java)" for every statement below {@code featuresRoot} (whose folders
     * are the features) that names a table of another feature without a listed crossing, or a table
     * that has no owner; "feature -> CALL:procedure (File.java)" for a procedure called by a feature
     * that {@link #PROCEDURE_CALLERS} does not list for it.
     */
    static List<String> violationsBelow(Path featuresRoot) {
        try (Stream<Path> files = Files.walk(featuresRoot)) {
            return files.filter(file -> file.toString().endsWith(".java"))
                    .flatMap(file -> tablesNamedIn(file).stream()
                            .filter(table -> !SYSTEM.contains(table))
                            .map(table -> featureOf(featuresRoot, file) + " -> " + table + " (" + file.getFileName() + ")")
                            .filter(SqlTables::isViolation))
                    .distinct()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isViolation(String line) {
        String[] parts = line.split(" ");
        String feature = parts[0];
        String table = parts[2];
        if (table.startsWith("CALL:")) {
            return !PROCEDURE_CALLERS.getOrDefault(table.substring("CALL:".length()), Set.of()).contains(feature);
        }
        String owner = OWNERS.get(table);
        return owner == null || !owner.equals(feature) && !CROSSINGS.contains(feature + " -> " + owner);
    }

    private static List<String> tablesNamedIn(Path file) {
        try {
            Matcher literal = LITERAL.matcher(Files.readString(file));
            List<String> tables = new java.util.ArrayList<>();
            List<String> intoNames = new java.util.ArrayList<>();
            Set<String> variables = new java.util.HashSet<>();
            while (literal.find()) {
                String text = literal.group(1) != null ? literal.group(1) : literal.group(2);
                Matcher table = TABLE.matcher(text);
                while (table.find()) {
                    (table.group(1).equals("INTO") ? intoNames : tables).add(table.group(2));
                }
                Matcher call = CALL.matcher(text);
                while (call.find()) {
                    tables.add("CALL:" + call.group(1));
                }
                Matcher declared = DECLARED.matcher(text);
                while (declared.find()) {
                    variables.add(declared.group(1));
                }
            }
            intoNames.removeAll(variables);
            tables.addAll(intoNames);
            return tables;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String featureOf(Path featuresRoot, Path file) {
        return featuresRoot.relativize(file).getName(0).toString();
    }
}
