package io.storageconsole.account.service;

import io.storageconsole.base.text.CsvCells;
import io.storageconsole.base.text.Times;
import io.storageconsole.account.domain.SubUserRow;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Instant;

/**
 * Writes sub-users as CSV (RFC 4180), one row as it arrives, each cell made safe by {@link CsvCells}.
 */
final class SubUserCsv {

    static final String HEADER = "Email,Console access,MFA,Last sign-in (UTC),Created (UTC)";

    private final Writer out;
    private long rows;

    SubUserCsv(Writer out) {
        this.out = out;
    }

    void writeHeader() throws IOException {
        out.write(HEADER);
        out.write("\r\n");
    }

    /** For the row callback of a streaming query, which cannot throw checked exceptions. */
    void write(SubUserRow row) {
        try {
            out.write(CsvCells.cell(row.email()));
            out.write(',');
            out.write(row.consoleAccess() ? "Yes" : row.invited() ? SubUserRow.INVITED : "No");
            out.write(',');
            out.write(row.mfaState().label());
            out.write(',');
            out.write(time(row.lastSignInAt()));
            out.write(',');
            out.write(time(row.createdAt()));
            out.write("\r\n");
            rows++;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    long rows() {
        return rows;
    }

    private static String time(Instant instant) {
        return instant == null ? "" : Times.second(instant);
    }
}
