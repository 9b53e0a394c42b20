package dev.latchkey.migrate.dump;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;

/** Streams the rows of one table, one tuple at a time. */
final class RowReader implements DumpRows {

    private final DumpScanner scanner;
    private final SqlLexer lex;
    private final ValueParser values;
    private final Runnable onClose;
    private DumpScanner.Insert insert;
    private boolean firstTuple;
    private DumpRow pending;
    private boolean done;
    private IOException failure;
    private boolean closed;

    RowReader(DumpScanner scanner, int maxValueBytes, Runnable onClose) {
        this.scanner = scanner;
        this.lex = scanner.lexer();
        this.values = new ValueParser(lex, maxValueBytes);
        this.onClose = onClose;
    }

    @Override
    public DumpRow read() throws IOException {
        if (pending != null) {
            DumpRow row = pending;
            pending = null;
            return row;
        }
        if (failure != null) {
            throw failure;
        }
        if (closed) {
            throw new IOException("rows of " + lex.in().name() + " are closed");
        }
        if (done) {
            return null;
        }
        try {
            DumpRow row = advance();
            if (row == null) {
                done = true;
            }
            return row;
        } catch (IOException | RuntimeException e) {
            failure = e instanceof IOException io ? io : new IOException(e);
            throw failure;
        }
    }

    @Override
    public boolean hasNext() {
        if (pending == null) {
            try {
                pending = read();
            } catch (IOException e) {
                throw new UncheckedIOException(e.getMessage(), e);
            }
        }
        return pending != null;
    }

    @Override
    public DumpRow next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        DumpRow row = pending;
        pending = null;
        return row;
    }

    private DumpRow advance() throws IOException {
        while (true) {
            if (insert == null) {
                insert = scanner.next(false);
                if (insert == null) {
                    return null;
                }
                firstTuple = true;
            }
            DumpRow row = nextTuple();
            if (row != null) {
                return row;
            }
            insert = null;
        }
    }

    /** @return the next tuple of the current statement, or {@code null} after its last one */
    private DumpRow nextTuple() throws IOException {
        String what = insert.label();
        lex.skipSpace();
        if (!firstTuple) {
            if (lex.peek() != ',') {
                endOfStatement(what);
                return null;
            }
            lex.read();
            lex.skipSpace();
        }
        firstTuple = false;
        long line = lex.line();
        int c = lex.read();
        if (c != '(') {
            throw lex.error(line, (c == -1 ? "unexpected end of file" : "expected '(' but found "
                    + ValueParser.describe(c)) + " in " + what);
        }
        List<String> columns = insert.columns();
        List<String> row = new ArrayList<>(columns.size());
        lex.skipSpace();
        if (lex.peek() == ')') {
            lex.read();
        } else {
            while (true) {
                row.add(values.read(what));
                if (row.size() > columns.size()) {
                    throw countMismatch(line, what, columns, -1);
                }
                lex.skipSpace();
                long at = lex.line();
                c = lex.read();
                if (c == ')') {
                    break;
                }
                if (c != ',') {
                    throw lex.error(at, (c == -1 ? "unexpected end of file (is the file truncated?)"
                            : "expected ',' or ')' after a value but found " + ValueParser.describe(c))
                            + " in " + what);
                }
                lex.skipSpace();
            }
        }
        if (row.size() != columns.size()) {
            throw countMismatch(line, what, columns, row.size());
        }
        return new DumpRow(columns, row, line);
    }

    private DumpFormatException countMismatch(long line, String what, List<String> columns, int count) {
        return lex.error(line, "row has " + (count < 0 ? "more than " + columns.size() : String.valueOf(count))
                + " values but " + what + " has " + columns.size() + " columns " + columns);
    }

    /** After the last tuple: the statement must end with {@code ;} or the delimiter. */
    private void endOfStatement(String what) throws IOException {
        long line = lex.line();
        int c = lex.peek();
        if (lex.atDelimiter()) {
            lex.consumeDelimiter();
        } else if (c == ';') {
            lex.read();
        } else if (c == -1) {
            throw lex.error(line, "unexpected end of file after the last row of " + what
                    + ", expected ';' (is the file truncated?)");
        } else {
            String word = lex.peekWord();
            if (word.equals("ON") || word.equals("AS") || word.equals("RETURNING")) {
                lex.skipStatement(true);
            } else {
                throw lex.error(line, "expected ',' or '" + lex.delimiter() + "' after a row but found "
                        + (word.isEmpty() ? ValueParser.describe(c) : word) + " in " + what);
            }
        }
    }

    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            try {
                scanner.close();
            } finally {
                onClose.run();
            }
        }
    }
}
