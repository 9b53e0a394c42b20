package dev.latchkey.migrate.dump;

import java.io.IOException;
import java.math.BigInteger;

/**
 * Reads one value of a {@code VALUES} tuple as text: {@code NULL}, strings with MySQL escapes, numbers, hex and
 * bit literals, and strings or hex literals after a character set introducer such as {@code _binary}.
 */
final class ValueParser {

    /** The default limit for the bytes of one value. */
    static final int DEFAULT_MAX_VALUE_BYTES = 16 << 20;

    private static final int MAX_NUMBER = 1024;

    private final SqlLexer lex;
    private final ByteSink sink;

    ValueParser(SqlLexer lex, int maxValueBytes) {
        this.lex = lex;
        this.sink = new ByteSink(maxValueBytes);
    }

    /**
     * Reads the value that comes next (space before it already skipped).
     *
     * @param statement the statement for messages, such as {@code INSERT INTO `users`}
     * @return the value, {@code null} for SQL {@code NULL}
     */
    String read(String statement) throws IOException {
        long start = lex.line();
        int c = lex.peek();
        if (c == '\'' || c == '"') {
            return readStrings(statement, start);
        }
        if (c == '0' && (lex.peek(1) == 'x' || lex.peek(1) == 'X') && isHexDigit(lex.peek(2))) {
            lex.read();
            lex.read();
            return readHexDigits(statement, start, -1);
        }
        if (c == '0' && (lex.peek(1) == 'b' || lex.peek(1) == 'B') && isBitDigit(lex.peek(2))) {
            lex.read();
            lex.read();
            return readBitDigits(statement, start, -1);
        }
        if (c == '-' || c == '+' || c == '.' || (c >= '0' && c <= '9')) {
            return readNumber(statement, start);
        }
        if (SqlLexer.isWordChar(c)) {
            return readWordValue(statement, start);
        }
        if (c == -1) {
            throw lex.error(start, "unexpected end of file in " + statement + " (is the file truncated?)");
        }
        throw lex.error(start, "unexpected " + describe(c) + " where a value was expected in " + statement);
    }

    private String readWordValue(String statement, long start) throws IOException {
        String word = lex.peekWord();
        int next = lex.peek(word.length());
        if (next == '\'') {
            switch (word) {
                case "X":
                    lex.read();
                    lex.read();
                    return readHexDigits(statement, start, '\'');
                case "B":
                    lex.read();
                    lex.read();
                    return readBitDigits(statement, start, '\'');
                case "N":
                    lex.read();
                    return readStrings(statement, start);
                default:
                    break;
            }
        }
        lex.readWord();
        switch (word) {
            case "NULL":
                return null;
            case "TRUE":
                return "1";
            case "FALSE":
                return "0";
            case "DATE":
            case "TIME":
            case "TIMESTAMP":
                lex.skipSpace();
                if (lex.peek() == '\'' || lex.peek() == '"') {
                    return readStrings(statement, start);
                }
                break;
            default:
                if (word.startsWith("_") && word.length() > 1) {
                    return readIntroduced(statement, start, word);
                }
                break;
        }
        throw lex.error(start, "unsupported value " + word + " in " + statement
                + " (only literals can be read from a dump)");
    }

    /** A literal after a character set introducer such as {@code _binary} or {@code _utf8mb4}. */
    private String readIntroduced(String statement, long start, String introducer) throws IOException {
        lex.skipSpace();
        int c = lex.peek();
        String value;
        if (c == '\'' || c == '"') {
            value = readStrings(statement, start);
        } else if (c == '0' && (lex.peek(1) == 'x' || lex.peek(1) == 'X')) {
            lex.read();
            lex.read();
            value = readHexDigits(statement, start, -1);
        } else if ((c == 'x' || c == 'X') && lex.peek(1) == '\'') {
            lex.read();
            lex.read();
            value = readHexDigits(statement, start, '\'');
        } else if (c == '0' && (lex.peek(1) == 'b' || lex.peek(1) == 'B')) {
            lex.read();
            lex.read();
            value = readBitDigits(statement, start, -1);
        } else if ((c == 'b' || c == 'B') && lex.peek(1) == '\'') {
            lex.read();
            lex.read();
            value = readBitDigits(statement, start, '\'');
        } else {
            throw lex.error(start, "a literal must follow " + introducer.toLowerCase(java.util.Locale.ROOT)
                    + " in " + statement);
        }
        lex.skipSpace();
        if (lex.peekWord().equals("COLLATE")) {
            lex.readWord();
            if (lex.readIdentifier() == null) {
                throw lex.error(lex.line(), "collation name expected after COLLATE in " + statement);
            }
        }
        return value;
    }

    /** One quoted string, or several adjacent ones, which SQL joins. */
    private String readStrings(String statement, long start) throws IOException {
        sink.reset();
        do {
            readString(statement);
            lex.skipSpace();
        } while (lex.peek() == '\'' || lex.peek() == '"');
        return decode(statement, start);
    }

    private void readString(String statement) throws IOException {
        long start = lex.line();
        int quote = lex.read();
        while (true) {
            int c = lex.read();
            if (c == -1) {
                throw lex.error(start, "unterminated string in " + statement + " (is the file truncated?)");
            }
            if (c == '\\') {
                int e = lex.read();
                switch (e) {
                    case -1:
                        throw lex.error(start, "unterminated string in " + statement + " (is the file truncated?)");
                    case '0':
                        add(0, statement, start);
                        break;
                    case 'b':
                        add('\b', statement, start);
                        break;
                    case 'n':
                        add('\n', statement, start);
                        break;
                    case 'r':
                        add('\r', statement, start);
                        break;
                    case 't':
                        add('\t', statement, start);
                        break;
                    case 'Z':
                        add(0x1A, statement, start);
                        break;
                    case '%':
                    case '_':
                        add('\\', statement, start);
                        add(e, statement, start);
                        break;
                    default:
                        add(e, statement, start);
                        break;
                }
            } else if (c == quote) {
                if (lex.peek() != quote) {
                    return;
                }
                lex.read();
                add(quote, statement, start);
            } else {
                add(c, statement, start);
            }
        }
    }

    private void add(int b, String statement, long start) throws DumpFormatException {
        if (!sink.add(b)) {
            throw lex.error(start, "value larger than " + sink.max() + " bytes in " + statement);
        }
    }

    private String decode(String statement, long start) throws DumpFormatException {
        String s = sink.decodeUtf8();
        if (s == null) {
            throw lex.error(start, "value is not valid UTF-8 in " + statement
                    + " (dumps must be utf8mb4; binary data cannot be read as text)");
        }
        return s;
    }

    /**
     * Hex digits after {@code 0x} ({@code close} = -1) or {@code X'} ({@code close} = the quote), decoded as they
     * come so that the value limit applies to the decoded bytes.
     */
    private String readHexDigits(String statement, long start, int close) throws IOException {
        sink.reset();
        int high = -1;
        while (isHexDigit(lex.peek())) {
            int nibble = nibble(lex.read());
            if (high < 0) {
                high = nibble;
            } else {
                add(high << 4 | nibble, statement, start);
                high = -1;
            }
        }
        if (close != -1) {
            if (lex.read() != close) {
                throw lex.error(start, "malformed X'...' hex literal in " + statement);
            }
            if (high >= 0) {
                throw lex.error(start, "odd number of digits in X'...' hex literal in " + statement);
            }
        } else {
            checkLiteralEnd(statement, start, "hex literal");
            if (high >= 0) {
                // 0x123 means 0x0123: shift every byte right by one digit.
                add(0, statement, start);
                for (int i = sink.size() - 1; i > 0; i--) {
                    sink.set(i, (sink.get(i - 1) & 0x0F) << 4 | (sink.get(i) & 0xF0) >>> 4);
                }
                sink.set(0, (sink.get(0) & 0xF0) >>> 4);
                sink.set(sink.size() - 1, (sink.get(sink.size() - 1) & 0xF0) | high);
            }
        }
        return decode(statement, start);
    }

    /** Bit digits after {@code 0b} ({@code close} = -1) or {@code b'} ({@code close} = the quote). */
    private String readBitDigits(String statement, long start, int close) throws IOException {
        StringBuilder bits = new StringBuilder();
        while (isBitDigit(lex.peek())) {
            bits.append((char) lex.read());
            if (bits.length() > MAX_NUMBER) {
                throw lex.error(start, "bit literal too long in " + statement);
            }
        }
        if (close != -1) {
            if (lex.read() != close) {
                throw lex.error(start, "malformed b'...' bit literal in " + statement);
            }
        } else {
            checkLiteralEnd(statement, start, "bit literal");
        }
        return bits.length() == 0 ? "0" : new BigInteger(bits.toString(), 2).toString();
    }

    /** A number, kept as written: {@code 1}, {@code -3}, {@code 1.5}, {@code 1.5e3}. */
    private String readNumber(String statement, long start) throws IOException {
        StringBuilder sb = new StringBuilder();
        if (lex.peek() == '-' || lex.peek() == '+') {
            sb.append((char) lex.read());
        }
        int digits = appendDigits(sb);
        if (lex.peek() == '.') {
            sb.append((char) lex.read());
            digits += appendDigits(sb);
        }
        if (digits == 0) {
            throw lex.error(start, "malformed number " + sb + " in " + statement);
        }
        int e = lex.peek();
        if (e == 'e' || e == 'E') {
            sb.append((char) lex.read());
            if (lex.peek() == '-' || lex.peek() == '+') {
                sb.append((char) lex.read());
            }
            if (appendDigits(sb) == 0) {
                throw lex.error(start, "malformed number " + sb + " in " + statement);
            }
        }
        checkLiteralEnd(statement, start, "number " + sb);
        if (sb.length() > MAX_NUMBER) {
            throw lex.error(start, "number too long in " + statement);
        }
        return sb.toString();
    }

    private int appendDigits(StringBuilder sb) throws IOException {
        int n = 0;
        while (lex.peek() >= '0' && lex.peek() <= '9') {
            if (sb.length() <= MAX_NUMBER) {
                sb.append((char) lex.read());
            } else {
                lex.read();
            }
            n++;
        }
        return n;
    }

    private void checkLiteralEnd(String statement, long start, String what) throws IOException {
        int c = lex.peek();
        if (SqlLexer.isWordChar(c) || c == '.') {
            throw lex.error(start, "malformed " + what + " followed by " + describe(c) + " in " + statement);
        }
    }

    private static boolean isHexDigit(int c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private static boolean isBitDigit(int c) {
        return c == '0' || c == '1';
    }

    private static int nibble(int c) {
        if (c <= '9') {
            return c - '0';
        }
        return (c | 0x20) - 'a' + 10;
    }

    static String describe(int c) {
        if (c == -1) {
            return "end of file";
        }
        if (c >= 0x21 && c < 0x7F) {
            return "'" + (char) c + "'";
        }
        return String.format("byte 0x%02X", c);
    }
}
