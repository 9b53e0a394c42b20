package dev.latchkey.migrate.dump;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Reads the column names from the definition list of a {@code CREATE TABLE}. */
final class CreateTableParser {

    private static final int MAX_COLUMNS = 10_000;

    /** Words that start an index or constraint line rather than a column. */
    private static final Set<String> NOT_COLUMNS = Set.of(
            "PRIMARY", "KEY", "UNIQUE", "CONSTRAINT", "INDEX", "FULLTEXT", "SPATIAL", "CHECK", "FOREIGN");

    private CreateTableParser() {
    }

    /**
     * Reads {@code (col type ..., KEY ..., ...)} with the lexer before the opening parenthesis.
     *
     * @param table the table name for messages
     * @return the column names in declaration order
     */
    static List<String> parse(SqlLexer lex, String table) throws IOException {
        long start = lex.line();
        if (lex.read() != '(') {
            throw new IllegalStateException("not at '('");
        }
        List<String> columns = new ArrayList<>();
        while (true) {
            lex.skipSpace();
            int c = lex.peek();
            if (c == '`' || c == '"') {
                columns.add(lex.readIdentifier());
            } else if (SqlLexer.isWordChar(c)) {
                if (!NOT_COLUMNS.contains(lex.peekWord())) {
                    String name = lex.readIdentifier();
                    lex.skipSpace();
                    // MariaDB's "PERIOD FOR SYSTEM_TIME (...)" is not a column.
                    if (!name.equalsIgnoreCase("PERIOD") || !lex.peekWord().equals("FOR")) {
                        columns.add(name);
                    }
                }
            } else if (c == -1) {
                throw lex.error(start, "unterminated CREATE TABLE " + SqlLexer.quote(table)
                        + " (is the file truncated?)");
            }
            if (columns.size() > MAX_COLUMNS) {
                throw lex.error(start, "more than " + MAX_COLUMNS + " columns in CREATE TABLE "
                        + SqlLexer.quote(table));
            }
            if (skipDefinition(lex, table, start)) {
                return columns;
            }
        }
    }

    /** Skips the rest of one definition; @return {@code true} if the list's closing parenthesis was read. */
    private static boolean skipDefinition(SqlLexer lex, String table, long start) throws IOException {
        int depth = 0;
        while (true) {
            int c = lex.peek();
            if (c == -1) {
                throw lex.error(start, "unterminated CREATE TABLE " + SqlLexer.quote(table)
                        + " (is the file truncated?)");
            }
            if (c == '\'' || c == '"' || c == '`') {
                long line = lex.line();
                lex.read();
                lex.skipQuotedRest(c, line);
            } else if (lex.atComment()) {
                lex.skipSpace();
            } else {
                lex.read();
                if (c == '(') {
                    depth++;
                } else if (c == ')') {
                    if (depth == 0) {
                        return true;
                    }
                    depth--;
                } else if (c == ',' && depth == 0) {
                    return false;
                }
            }
        }
    }
}
