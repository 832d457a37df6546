package io.storageconsole.base.text;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class CsvCellsTest {

    @Test
    void plain_addresses_are_written_as_they_are() {
        assertThat(CsvCells.cell("anna@example.com")).isEqualTo("anna@example.com");
    }

    @Test
    void commas_and_quotes_are_quoted_as_rfc_4180_says() {
        assertThat(CsvCells.cell("a,b")).isEqualTo("\"a,b\"");
        assertThat(CsvCells.cell("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
    }

    @Test
    void a_cell_that_starts_like_a_formula_gets_an_apostrophe() {
        assertThat(CsvCells.cell("=1+1@x.example")).isEqualTo("'=1+1@x.example");
        assertThat(CsvCells.cell("+a@x.example")).isEqualTo("'+a@x.example");
        assertThat(CsvCells.cell("-a@x.example")).isEqualTo("'-a@x.example");
        assertThat(CsvCells.cell("@a")).isEqualTo("'@a");
    }

    @Property
    void no_cell_starts_a_formula_or_breaks_out_of_its_field(@ForAll String value) {
        String cell = CsvCells.cell(value);
        String unquoted = cell.startsWith("\"") ? cell.substring(1, cell.length() - 1).replace("\"\"", "\"") : cell;

        assertThat(unquoted).doesNotStartWith("=").doesNotStartWith("+").doesNotStartWith("-").doesNotStartWith("@");
        if (!cell.startsWith("\"")) {
            assertThat(cell).doesNotContain(",", "\"", "\n", "\r");
        }
        assertThat(unquoted).endsWith(value);
    }
}
