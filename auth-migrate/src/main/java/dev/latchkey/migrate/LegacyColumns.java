package dev.latchkey.migrate;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Where the legacy users are: the table and, for each of Latchkey's user fields, the legacy
 * column that holds it. The defaults are the guide's names.
 *
 * @param usersTable the users table, optionally qualified by its schema or database
 * @param columns the legacy column of each Latchkey field, in {@link #FIELDS} order
 */
record LegacyColumns(String usersTable, Map<String, String> columns) {

    /** Latchkey's user fields, in the order rows are read. */
    static final List<String> FIELDS = List.of("id", "real_name", "email", "phone_number", "password_hash",
            "is_active", "created_at");

    /** The guide's legacy session columns, in the order rows are read. */
    static final List<String> SESSION_COLUMNS = List.of("id", "user_id", "token", "device_info", "ip_address",
            "user_agent", "expires_at", "is_revoked", "created_at");

    /** The guide's legacy sessions table. */
    static final String SESSIONS_TABLE = "refresh_tokens";

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]{0,63}");

    /** The guide's table and columns. */
    static LegacyColumns guide() {
        Map<String, String> columns = new LinkedHashMap<>();
        for (String field : FIELDS) {
            columns.put(field, field.equals("password_hash") ? "hashed_password" : field);
        }
        return new LegacyColumns("users", columns);
    }

    /** Checks the names. */
    LegacyColumns {
        checkTable(usersTable);
        columns.values().forEach(name -> checkIdentifier(name, "a column name"));
        columns = Map.copyOf(columns);
    }

    /**
     * This mapping with one field read from another legacy column.
     *
     * @throws InvalidImportException for a field Latchkey does not have, or a name that is no plain
     *     SQL identifier
     */
    LegacyColumns with(String field, String legacyColumn) {
        if (!FIELDS.contains(field)) {
            throw new InvalidImportException("--column: Latchkey has no user column '" + field + "'; the columns are "
                    + String.join(", ", FIELDS));
        }
        checkIdentifier(legacyColumn, "--column " + field + "=…: a column name");
        Map<String, String> changed = new LinkedHashMap<>(columns);
        changed.put(field, legacyColumn);
        return new LegacyColumns(usersTable, changed);
    }

    /** This mapping with another users table. */
    LegacyColumns withUsersTable(String table) {
        return new LegacyColumns(table, columns);
    }

    /** The legacy column names in {@link #FIELDS} order. */
    List<String> orderedColumns() {
        return FIELDS.stream().map(columns::get).toList();
    }

    /** The table's parts: the name, or the schema and the name. */
    List<String> tableParts() {
        return List.of(usersTable.split("\\.", 2));
    }

    static void checkTable(String table) {
        if (table == null) {
            throw new InvalidImportException("--users-table must be a table name");
        }
        for (String part : table.split("\\.", -1)) {
            checkIdentifier(part, "--users-table: a table name, optionally schema.table,");
        }
        if (table.split("\\.", -1).length > 2) {
            throw new InvalidImportException("--users-table must be a table name, optionally schema.table, was '"
                    + table + "'");
        }
    }

    private static void checkIdentifier(String name, String what) {
        if (name == null || !IDENTIFIER.matcher(name).matches()) {
            throw new InvalidImportException(what + " must be a plain SQL identifier (letters, digits, _ and $, not"
                    + " starting with a digit, at most 64 characters), was '" + name + "'");
        }
    }
}
