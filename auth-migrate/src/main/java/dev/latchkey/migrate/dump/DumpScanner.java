package dev.latchkey.migrate.dump;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;

/**
 * Walks the statements of a dump: skips those of no interest, follows {@code DELIMITER} changes, remembers the
 * columns of the latest {@code CREATE TABLE} of one table, and stops at the {@code INSERT} / {@code REPLACE}
 * statements of that table. It follows {@code USE} too: a table named {@code db.table} is read from that
 * database only, and a plain name found in more than one database of the dump is an error, never a merge.
 */
final class DumpScanner implements Closeable {

    /** An {@code INSERT} or {@code REPLACE} of the scanned table, positioned before its first tuple. */
    record Insert(String label, List<String> columns) {
    }

    private final SqlLexer lex;
    private final String table;
    private final String database;
    private String current;
    private String found;
    private boolean foundAny;
    private List<String> createColumns;

    DumpScanner(ByteSource in, String table) {
        this.lex = new SqlLexer(in);
        int dot = table.indexOf('.');
        this.database = dot < 0 ? null : table.substring(0, dot);
        this.table = dot < 0 ? table : table.substring(dot + 1);
    }

    SqlLexer lexer() {
        return lex;
    }

    /** @return the columns of the latest {@code CREATE TABLE} of the table read so far, or {@code null} */
    List<String> createColumns() {
        return createColumns;
    }

    /**
     * Reads statements until the next {@code INSERT} / {@code REPLACE} of the table, or until the first
     * {@code CREATE TABLE} of it when {@code stopAtCreate} (then every {@code INSERT} is skipped).
     *
     * @return the insert, or {@code null} at the end of the file or at the {@code CREATE TABLE}
     */
    Insert next(boolean stopAtCreate) throws IOException {
        while (true) {
            lex.skipSpace();
            int c = lex.peek();
            if (c == -1) {
                if (!stopAtCreate && lex.dumpCutShort()) {
                    throw lex.error(lex.line(), "the dump ends without the closing '-- Dump completed' line that"
                            + " mysqldump and mariadb-dump write: the file is cut short (an interrupted dump, or"
                            + " a truncated copy)");
                }
                return null;
            }
            if (lex.atDelimiter()) {
                lex.consumeDelimiter();
                continue;
            }
            if (c == ';') {
                lex.read();
                continue;
            }
            long line = lex.line();
            String word = lex.readWord();
            switch (word) {
                case "INSERT":
                case "REPLACE":
                    if (stopAtCreate) {
                        lex.skipStatement(true);
                        break;
                    }
                    Insert insert = insertHeader(word, line);
                    if (insert != null) {
                        return insert;
                    }
                    break;
                case "CREATE":
                    if (create(line) && stopAtCreate) {
                        return null;
                    }
                    break;
                case "DELIMITER":
                    lex.readDelimiterCommand(line);
                    break;
                case "USE":
                    lex.skipSpace();
                    current = lex.readIdentifier();
                    lex.skipStatement(false);
                    break;
                default:
                    lex.skipStatement(false);
                    break;
            }
        }
    }

    /** {@code CREATE [OR REPLACE] [TEMPORARY] TABLE [IF NOT EXISTS] name (...)}; anything else is skipped. */
    private boolean create(long line) throws IOException {
        String word;
        do {
            lex.skipSpace();
            word = lex.readWord();
        } while (word.equals("OR") || word.equals("REPLACE") || word.equals("TEMPORARY"));
        if (!word.equals("TABLE")) {
            lex.skipStatement(false);
            return false;
        }
        lex.skipSpace();
        if (lex.peekWord().equals("IF")) {
            lex.readWord();
            lex.skipSpace();
            lex.readWord();
            lex.skipSpace();
            lex.readWord();
        }
        String name = lex.readTableName();
        boolean found = false;
        if (table.equals(name) && inRequestedDatabase()) {
            lex.skipSpace();
            if (lex.peek() == '(') {
                createColumns = List.copyOf(CreateTableParser.parse(lex, table));
                found = true;
            }
        }
        lex.skipStatement(false);
        return found;
    }

    /**
     * {@code INSERT [LOW_PRIORITY | DELAYED | HIGH_PRIORITY] [IGNORE] [INTO] name [(cols)] VALUES};
     * statements of other tables are skipped.
     */
    private Insert insertHeader(String verb, long line) throws IOException {
        String word;
        StringBuilder label = new StringBuilder(verb);
        while (true) {
            lex.skipSpace();
            word = lex.peekWord();
            if (word.equals("LOW_PRIORITY") || word.equals("DELAYED") || word.equals("HIGH_PRIORITY")
                    || word.equals("IGNORE") || word.equals("INTO")) {
                lex.readWord();
                label.append(' ').append(word);
            } else {
                break;
            }
        }
        String name = lex.readTableName();
        if (!table.equals(name) || !inRequestedDatabase()) {
            lex.skipStatement(true);
            return null;
        }
        String from = databaseOfName();
        if (!foundAny) {
            foundAny = true;
            found = from;
        } else if (!java.util.Objects.equals(found, from)) {
            throw lex.error(line, "the dump holds rows of " + SqlLexer.quote(table) + " from more than one database ("
                    + describe(found) + " and " + describe(from) + "); dump one database, or name one as"
                    + " database.table");
        }
        label.append(' ').append(SqlLexer.quote(table));
        String what = label.toString();
        lex.skipSpace();
        if (lex.peekWord().equals("PARTITION")) {
            lex.readWord();
            lex.skipSpace();
            skipParenthesized(what);
            lex.skipSpace();
        }
        List<String> columns = null;
        if (lex.peek() == '(') {
            columns = columnList(what);
            lex.skipSpace();
        }
        String keyword = lex.readWord();
        if (!keyword.equals("VALUES") && !keyword.equals("VALUE")) {
            if (keyword.isEmpty()) {
                throw lex.error(lex.line(), "expected VALUES but found "
                        + ValueParser.describe(lex.peek()) + " in " + what);
            }
            throw lex.error(lex.line(), what + " ... " + keyword + " is not supported; only VALUES rows can be read");
        }
        if (columns == null) {
            columns = createColumns;
        }
        if (columns == null) {
            throw lex.error(line, what + " has no column list and the dump has no CREATE TABLE "
                    + SqlLexer.quote(table) + " before it, so its columns are unknown"
                    + " (dump with --complete-insert, or include the table structure)");
        }
        return new Insert(what, columns);
    }

    /** The database of the name just read: its qualifier, else the one of the latest {@code USE}, else null. */
    private String databaseOfName() {
        return lex.lastQualifier() != null ? lex.lastQualifier() : current;
    }

    private boolean inRequestedDatabase() {
        return database == null || database.equals(databaseOfName());
    }

    private static String describe(String database) {
        return database == null ? "the one before any USE" : SqlLexer.quote(database);
    }

    private List<String> columnList(String what) throws IOException {
        long start = lex.line();
        lex.read();
        List<String> columns = new java.util.ArrayList<>();
        lex.skipSpace();
        if (lex.peek() == ')') {
            lex.read();
            return List.of();
        }
        while (true) {
            lex.skipSpace();
            if (lex.peekWord().equals("SELECT") || lex.peekWord().equals("WITH")) {
                throw lex.error(start, what + " ... SELECT is not supported; only VALUES rows can be read");
            }
            String column = lex.readIdentifier();
            if (column == null) {
                throw lex.error(lex.line(), "expected a column name but found "
                        + ValueParser.describe(lex.peek()) + " in the column list of " + what);
            }
            columns.add(column);
            lex.skipSpace();
            int c = lex.read();
            if (c == ')') {
                return List.copyOf(columns);
            }
            if (c != ',') {
                throw lex.error(lex.line(), "expected ',' or ')' but found " + ValueParser.describe(c)
                        + " in the column list of " + what);
            }
        }
    }

    private void skipParenthesized(String what) throws IOException {
        long start = lex.line();
        if (lex.peek() != '(') {
            throw lex.error(start, "expected '(' after PARTITION in " + what);
        }
        int depth = 0;
        do {
            int c = lex.read();
            if (c == -1) {
                throw lex.error(start, "unexpected end of file in " + what + " (is the file truncated?)");
            }
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == '`' || c == '\'' || c == '"') {
                lex.skipQuotedRest(c, lex.line());
            }
        } while (depth > 0);
    }

    @Override
    public void close() throws IOException {
        lex.in().close();
    }
}
