package dev.latchkey.migrate.dump;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValueLiteralTest {

    @TempDir
    Path dir;

    private String one(String literal) throws Exception {
        return Dumps.values(dir, "INSERT INTO t (v) VALUES (" + literal + ");\n", "t").get(0);
    }

    @Test
    void everyMysqlEscapeIsDecoded() throws Exception {
        assertThat(one("'a\\0b'")).isEqualTo("a\0b");
        assertThat(one("'it\\'s'")).isEqualTo("it's");
        assertThat(one("'say \\\"hi\\\"'")).isEqualTo("say \"hi\"");
        assertThat(one("'\\b\\n\\r\\t\\Z'")).isEqualTo("\b\n\r\t\u001A");
        assertThat(one("'back\\\\slash'")).isEqualTo("back\\slash");
        assertThat(one("'100\\% \\_x'")).isEqualTo("100\\% \\_x");
        assertThat(one("'\\q\\y'")).isEqualTo("qy");
    }

    @Test
    void doubledQuotesInsideStrings() throws Exception {
        assertThat(one("'O''Brien'")).isEqualTo("O'Brien");
        assertThat(one("\"say \"\"hi\"\"\"")).isEqualTo("say \"hi\"");
        assertThat(one("\"it's\"")).isEqualTo("it's");
        assertThat(one("'say \"hi\"'")).isEqualTo("say \"hi\"");
        assertThat(one("''")).isEmpty();
    }

    @Test
    void adjacentStringsAreJoined() throws Exception {
        assertThat(one("'ab' 'cd'\n\"ef\"")).isEqualTo("abcdef");
    }

    @Test
    void stringsWithSemicolonsNewlinesAndSqlDoNotConfuseTheReader() throws Exception {
        String sql = "INSERT INTO t (v) VALUES ('a;b'),('x);\nINSERT INTO t (v) VALUES (''9'');'),"
                + "('-- not a comment'),('/* nor this */'),('# nor this'),('`');\n"
                + "INSERT INTO t (v) VALUES ('last');\n";

        assertThat(Dumps.rows(dir, sql, "t")).extracting(r -> r.values().get(0)).containsExactly(
                "a;b", "x);\nINSERT INTO t (v) VALUES ('9');", "-- not a comment", "/* nor this */",
                "# nor this", "`", "last");
    }

    @Test
    void nullAndBooleanKeywords() throws Exception {
        assertThat(Dumps.values(dir, "INSERT INTO t (a,b,c,d) VALUES (NULL,null,TRUE,false);\n", "t"))
                .containsExactly(null, null, "1", "0");
    }

    @Test
    void numbersKeepTheirText() throws Exception {
        assertThat(Dumps.values(dir,
                "INSERT INTO t (a,b,c,d,e,f,g) VALUES (1,-3,1.5e3,0.000,-1.25E-7,+4,.5);\n", "t"))
                .containsExactly("1", "-3", "1.5e3", "0.000", "-1.25E-7", "+4", ".5");
    }

    @Test
    void hexLiteralsDecodeAsUtf8() throws Exception {
        assertThat(one("0x4142")).isEqualTo("AB");
        assertThat(one("X'4142'")).isEqualTo("AB");
        assertThat(one("x'c3a9'")).isEqualTo("é");
        assertThat(one("0xF09F9880")).isEqualTo("😀");
        assertThat(one("0x142")).isEqualTo("\u0001B");
        assertThat(one("0x1")).isEqualTo("\u0001");
        assertThat(one("0x4142434")).isEqualTo("\u0004\u0014\u0024\u0034");
        assertThat(one("0x0e282ac")).isEqualTo("\u0000€");
        assertThat(one("X''")).isEmpty();
    }

    @Test
    void introducersAreDroppedFromTheirLiterals() throws Exception {
        assertThat(one("_binary 'ab'")).isEqualTo("ab");
        assertThat(one("_binary'a\\'b'")).isEqualTo("a'b");
        assertThat(one("_utf8mb4'héllo'")).isEqualTo("héllo");
        assertThat(one("_utf8mb4 'x' COLLATE utf8mb4_bin")).isEqualTo("x");
        assertThat(one("_binary 0x4142")).isEqualTo("AB");
        assertThat(one("_binary X'4142'")).isEqualTo("AB");
        assertThat(one("N'national'")).isEqualTo("national");
    }

    @Test
    void bitLiteralsBecomeDecimalText() throws Exception {
        assertThat(one("b'1'")).isEqualTo("1");
        assertThat(one("b'0'")).isEqualTo("0");
        assertThat(one("B'101'")).isEqualTo("5");
        assertThat(one("0b1111111111111111111111111111111111111111111111111111111111111111"))
                .isEqualTo("18446744073709551615");
    }

    @Test
    void zeroDatesAndTemporalLiteralsStayAsText() throws Exception {
        assertThat(Dumps.values(dir, "INSERT INTO t (a,b,c) VALUES "
                + "('0000-00-00 00:00:00','2024-02-29 23:59:59.123456',DATE '2024-01-02');\n", "t"))
                .containsExactly("0000-00-00 00:00:00", "2024-02-29 23:59:59.123456", "2024-01-02");
    }

    @Test
    void multiByteUtf8RoundTripsExactly() throws Exception {
        String hangul = "홍길동";
        String emoji = "😀🎉👩‍👩‍👧";
        String mixed = "Zoë Ω \u0000 ✓";
        DumpRow row = Dumps.rows(dir, "INSERT INTO t (a,b,c) VALUES ('" + hangul + "','" + emoji + "','"
                + mixed.replace("\u0000", "\\0") + "');\n", "t").get(0);

        assertThat(row.values()).containsExactly(hangul, emoji, mixed);
        assertThat(row.values().get(1).getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo(emoji.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(row.values().get(1).codePointCount(0, row.values().get(1).length())).isEqualTo(7);
    }

    @Test
    void backslashBeforeMultiByteCharacterKeepsTheCharacter() throws Exception {
        assertThat(one("'\\한'")).isEqualTo("한");
    }

    @Test
    void identifiersWithQuotesAndUnicodeInColumnLists() throws Exception {
        DumpRow row = Dumps.rows(dir,
                "INSERT INTO `t` (`we``ird`, \"dq\", `이름`) VALUES (1,2,3);\n", "t").get(0);

        assertThat(row.columns()).containsExactly("we`ird", "dq", "이름");
        assertThat(row.values()).isEqualTo(Arrays.asList("1", "2", "3"));
    }
}
