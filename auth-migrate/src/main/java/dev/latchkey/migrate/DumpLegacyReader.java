package dev.latchkey.migrate;

import dev.latchkey.migrate.dump.DumpFormatException;
import dev.latchkey.migrate.dump.DumpRow;
import dev.latchkey.migrate.dump.DumpRows;
import dev.latchkey.migrate.dump.MysqlDump;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Reads the legacy tables from a mysqldump or mariadb-dump file, plain or gzip-compressed, without
 * any database server. A dump that does not parse is an input error naming the line.
 */
final class DumpLegacyReader implements LegacyReader {

    private final Path file;
    private final MysqlDump dump;
    private String sessionsTable = LegacyColumns.SESSIONS_TABLE;

    private DumpLegacyReader(Path file, MysqlDump dump) {
        this.file = file;
        this.dump = dump;
    }

    static DumpLegacyReader open(Path file) {
        try {
            return new DumpLegacyReader(file, MysqlDump.open(file));
        } catch (IOException e) {
            throw failure(file, e);
        }
    }

    @Override
    public void readUsers(LegacyColumns columns, Consumer<LegacyUserRow> sink) {
        List<String> tableParts = columns.tableParts();
        // db.users reads that database's table only; its sessions come from the same database.
        String table = String.join(".", tableParts);
        sessionsTable = tableParts.size() > 1
                ? tableParts.get(0) + "." + LegacyColumns.SESSIONS_TABLE : LegacyColumns.SESSIONS_TABLE;
        List<String> names = columns.orderedColumns();
        read(table, names, row -> sink.accept(new LegacyUserRow(value(row, names.get(0)), value(row, names.get(1)),
                value(row, names.get(2)), value(row, names.get(3)), value(row, names.get(4)),
                value(row, names.get(5)), value(row, names.get(6)))));
    }

    @Override
    public void readSessions(Consumer<LegacySessionRow> sink) {
        List<String> names = LegacyColumns.SESSION_COLUMNS;
        read(sessionsTable, names, row -> sink.accept(new LegacySessionRow(value(row, names.get(0)),
                value(row, names.get(1)), value(row, names.get(2)), value(row, names.get(3)),
                value(row, names.get(4)), value(row, names.get(5)), value(row, names.get(6)),
                value(row, names.get(7)), value(row, names.get(8)))));
    }

    private void read(String table, List<String> names, Consumer<DumpRow> sink) {
        try {
            List<String> declared = dump.columns(table).orElseThrow(() -> new InvalidImportException(
                    "The dump " + file + " has no CREATE TABLE for " + table
                            + " (name another table with --users-table)"));
            List<String> lower = declared.stream().map(c -> c.toLowerCase(Locale.ROOT)).toList();
            for (String name : names) {
                if (!lower.contains(name.toLowerCase(Locale.ROOT))) {
                    throw new InvalidImportException("The dump's table " + table + " has no column " + name
                            + " (its columns: " + String.join(", ", declared) + "; map others with --column)");
                }
            }
            try (DumpRows rows = dump.rows(table)) {
                for (DumpRow row = rows.read(); row != null; row = rows.read()) {
                    sink.accept(row);
                }
            }
        } catch (IOException e) {
            throw failure(file, e);
        }
    }

    private static String value(DumpRow row, String column) {
        return row.get(column).orElse(null);
    }

    private static InvalidImportException failure(Path file, IOException e) {
        if (e instanceof DumpFormatException format) {
            return new InvalidImportException("The dump " + file + " does not parse at line " + format.line() + ": "
                    + format.detail(), e);
        }
        return new InvalidImportException("Cannot read the dump " + file + ": " + e.getMessage(), e);
    }

    @Override
    public void close() {
        try {
            dump.close();
        } catch (IOException e) {
            // Reading is over; nothing is lost.
        }
    }
}
