package dev.latchkey.migrate.dump;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One row of an {@code INSERT} in a dump.
 *
 * <p>{@code values.get(i)} is the value of {@code columns.get(i)}; an SQL {@code NULL} is a {@code null} element.
 * Every value is text: strings as they were stored, numbers as written in the dump ({@code 1}, {@code -3},
 * {@code 1.5e3}), hex literals decoded as UTF-8, bit literals as decimal text. Dates are kept as written,
 * including {@code 0000-00-00 00:00:00}.
 *
 * @param columns the column names, from the statement's column list or else from the table's {@code CREATE TABLE}
 * @param values the values, one per column, {@code null} for SQL {@code NULL}
 * @param line the 1-based line number of the dump where this row's tuple starts
 */
public record DumpRow(List<String> columns, List<String> values, long line) {

    /**
     * Checks the sizes and makes both lists unmodifiable copies.
     *
     * @param columns the column names
     * @param values the values, one per column, {@code null} for SQL {@code NULL}
     * @param line the 1-based line number where the row's tuple starts
     */
    public DumpRow {
        columns = List.copyOf(columns);
        values = Collections.unmodifiableList(new ArrayList<>(values));
        if (columns.size() != values.size()) {
            throw new IllegalArgumentException(
                    "row has " + values.size() + " values for " + columns.size() + " columns");
        }
    }

    /**
     * The value of a column, the name compared ignoring case.
     *
     * @param column the column name
     * @return the value; empty if the row has no such column <em>or</em> the value is SQL {@code NULL}
     *     (use {@link #has(String)} and {@link #isNull(String)} to tell them apart)
     */
    public Optional<String> get(String column) {
        int i = indexOf(column);
        return i < 0 ? Optional.empty() : Optional.ofNullable(values.get(i));
    }

    /**
     * Whether the row has a column, the name compared ignoring case.
     *
     * @param column the column name
     * @return {@code true} if the row has the column, whatever its value
     */
    public boolean has(String column) {
        return indexOf(column) >= 0;
    }

    /**
     * Whether a column's value is SQL {@code NULL}, the name compared ignoring case.
     *
     * @param column the column name
     * @return {@code true} if the value is SQL {@code NULL}
     * @throws IllegalArgumentException if the row has no such column
     */
    public boolean isNull(String column) {
        int i = indexOf(column);
        if (i < 0) {
            throw new IllegalArgumentException("no column " + column + " in " + columns);
        }
        return values.get(i) == null;
    }

    private int indexOf(String column) {
        Objects.requireNonNull(column, "column");
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).equalsIgnoreCase(column)) {
                return i;
            }
        }
        return -1;
    }
}
