package io.storageconsole.base.database;

import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/** Reads too long to hold in memory at once (CSV exports): with a fetch size, MariaDB Connector/J streams. */
public final class StreamingReads {

    /** Rows per network round trip. */
    public static final int FETCH_SIZE = 500;

    private StreamingReads() {
    }

    /** A template whose queries hand their rows over as they arrive, {@link #FETCH_SIZE} per round trip. */
    public static NamedParameterJdbcTemplate template(DataSource dataSource) {
        JdbcTemplate streaming = new JdbcTemplate(dataSource);
        streaming.setFetchSize(FETCH_SIZE);
        return new NamedParameterJdbcTemplate(streaming);
    }
}
