package dev.latchkey.migrate.dump;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BrokenDumpTest {

    @TempDir
    Path dir;

    @Test
    void truncatedFileInsideAStringNamesTheLine() throws Exception {
        String sql = Dumps.USERS_CREATE
                + "INSERT INTO `users` VALUES ('1','a',NULL),\n('2','b',NULL),('3','unfinish";
        Path file = Dumps.write(dir, "backup.sql", sql);

        List<DumpRow> seen = new ArrayList<>();
        try (MysqlDump dump = MysqlDump.open(file); DumpRows rows = dump.rows("users")) {
            assertThatThrownBy(() -> {
                for (DumpRow row = rows.read(); row != null; row = rows.read()) {
                    seen.add(row);
                }
            }).isInstanceOf(DumpFormatException.class)
                    .hasMessage("backup.sql line 14: unterminated string in INSERT INTO `users`"
                            + " (is the file truncated?)")
                    .satisfies(e -> assertThat(((DumpFormatException) e).line()).isEqualTo(14));
            assertThatThrownBy(rows::read).isInstanceOf(DumpFormatException.class);
        }
        assertThat(seen).hasSize(2);
    }

    @Test
    void truncatedFileBetweenTuplesOrBeforeTheSemicolonFails() throws Exception {
        for (String cut : List.of("('1','a',NULL),", "('1','a',NULL)", "('1','a',", "(", "")) {
            Path file = Dumps.write(dir, "cut.sql", Dumps.USERS_CREATE + "INSERT INTO `users` VALUES " + cut);
            assertThatThrownBy(() -> Dumps.rows(file, "users"))
                    .as(cut)
                    .isInstanceOf(DumpFormatException.class)
                    .hasMessageStartingWith("cut.sql line 13: ")
                    .hasMessageContaining("INSERT INTO `users`");
        }
    }

    @Test
    void truncatedFileInsideAnotherTablesStringFailsToo() throws Exception {
        Path file = Dumps.write(dir, "backup.sql", "INSERT INTO `other` VALUES ('x\n");

        assertThatThrownBy(() -> Dumps.rows(file, "users"))
                .isInstanceOf(DumpFormatException.class)
                .hasMessage("backup.sql line 1: unterminated string (is the file truncated?)");
    }

    @Test
    void unterminatedCommentFails() throws Exception {
        Path file = Dumps.write(dir, "backup.sql", "SELECT 1;\n/*!40101 SET NAMES utf8mb4");

        assertThatThrownBy(() -> Dumps.rows(file, "users"))
                .isInstanceOf(DumpFormatException.class)
                .hasMessageContaining("line 2: unterminated /* comment");
    }

    @Test
    void valueCountMismatchNamesTheTupleLine() throws Exception {
        String sql = Dumps.USERS_CREATE + "INSERT INTO `users` VALUES ('1','a',NULL),\n('2','b');\n";

        assertThatThrownBy(() -> Dumps.rows(dir, sql, "users"))
                .isInstanceOf(DumpFormatException.class)
                .hasMessage("backup.sql line 14: row has 2 values but INSERT INTO `users` has 3 columns"
                        + " [id, real_name, email]");
        String tooMany = "INSERT INTO t (a) VALUES (1,2,3);\n";
        assertThatThrownBy(() -> Dumps.rows(dir, tooMany, "t"))
                .isInstanceOf(DumpFormatException.class)
                .hasMessageContaining("line 1: row has more than 1 values");
    }

    @Test
    void insertWithoutColumnListOrCreateTableFails() throws Exception {
        String sql = "-- no structure\nINSERT INTO `users` VALUES ('1','a',NULL);\n";

        assertThatThrownBy(() -> Dumps.rows(dir, sql, "users"))
                .isInstanceOf(DumpFormatException.class)
                .hasMessageStartingWith("backup.sql line 2: INSERT INTO `users` has no column list and the dump"
                        + " has no CREATE TABLE `users` before it");
    }

    @Test
    void unsupportedInsertFormsFail() throws Exception {
        assertThatThrownBy(() -> Dumps.rows(dir, "INSERT INTO t SET a = 1;\n", "t"))
                .isInstanceOf(DumpFormatException.class).hasMessageContaining("SET is not supported");
        assertThatThrownBy(() -> Dumps.rows(dir, "INSERT INTO t (a) SELECT 1;\n", "t"))
                .isInstanceOf(DumpFormatException.class).hasMessageContaining("SELECT is not supported");
        assertThatThrownBy(() -> Dumps.rows(dir, "INSERT INTO t (a) VALUES (NOW());\n", "t"))
                .isInstanceOf(DumpFormatException.class).hasMessageContaining("unsupported value NOW");
        assertThatThrownBy(() -> Dumps.rows(dir, "INSERT INTO t (a) VALUES (1) garbage;\n", "t"))
                .isInstanceOf(DumpFormatException.class).hasMessageContaining("found GARBAGE");
        assertThatThrownBy(() -> Dumps.rows(dir, "INSERT INTO t (a) VALUES (1 2);\n", "t"))
                .isInstanceOf(DumpFormatException.class)
                .hasMessageContaining("expected ',' or ')' after a value but found '2'");
        assertThatThrownBy(() -> Dumps.rows(dir, "INSERT INTO t (a) VALUES (X'414');\n", "t"))
                .isInstanceOf(DumpFormatException.class).hasMessageContaining("odd number of digits");
        assertThatThrownBy(() -> Dumps.rows(dir, "INSERT INTO t (a) VALUES (12abc);\n", "t"))
                .isInstanceOf(DumpFormatException.class).hasMessageContaining("malformed number 12");
    }

    @Test
    void invalidUtf8InARequestedStringFailsWithTheLine() throws Exception {
        byte[] head = (Dumps.USERS_CREATE + "INSERT INTO `users` VALUES ('1','ok',NULL),\n('2','bad ")
                .getBytes(StandardCharsets.UTF_8);
        byte[] tail = "',NULL);\n".getBytes(StandardCharsets.UTF_8);
        byte[] bytes = new byte[head.length + 2 + tail.length];
        System.arraycopy(head, 0, bytes, 0, head.length);
        bytes[head.length] = (byte) 0xE9; // Latin-1 'é', not UTF-8
        bytes[head.length + 1] = 'x';
        System.arraycopy(tail, 0, bytes, head.length + 2, tail.length);
        Path file = Dumps.writeBytes(dir, "latin1.sql", bytes);

        assertThatThrownBy(() -> Dumps.rows(file, "users"))
                .isInstanceOf(DumpFormatException.class)
                .hasMessageStartingWith("latin1.sql line 14: value is not valid UTF-8 in INSERT INTO `users`");
        assertThatThrownBy(() -> Dumps.rows(dir, "INSERT INTO t (a) VALUES (0xC328);\n", "t"))
                .isInstanceOf(DumpFormatException.class).hasMessageContaining("not valid UTF-8");
        assertThat(Dumps.rows(file, "refresh_tokens")).isEmpty();
    }

    @Test
    void encodedSurrogatesAreNotValidUtf8() throws Exception {
        assertThatThrownBy(() -> Dumps.rows(dir, "INSERT INTO t (a) VALUES (0xEDA080);\n", "t"))
                .isInstanceOf(DumpFormatException.class).hasMessageContaining("not valid UTF-8");
    }

    @Test
    void valueOverTheLimitFails() throws Exception {
        Path file = Dumps.write(dir, "big.sql", "INSERT INTO t (a) VALUES ('" + "x".repeat(1000) + "');\n");

        try (MysqlDump dump = MysqlDump.open(file, 999); DumpRows rows = dump.rows("t")) {
            assertThatThrownBy(rows::read)
                    .isInstanceOf(DumpFormatException.class)
                    .hasMessage("big.sql line 1: value larger than 999 bytes in INSERT INTO `t`");
        }
        try (MysqlDump dump = MysqlDump.open(file, 1000); DumpRows rows = dump.rows("t")) {
            assertThat(rows.read().values().get(0)).hasSize(1000);
        }
    }

    @Test
    void iteratorMethodsWrapTheFormatException() throws Exception {
        Path file = Dumps.write(dir, "backup.sql", "INSERT INTO t (a) VALUES ('x");

        try (MysqlDump dump = MysqlDump.open(file); DumpRows rows = dump.rows("t")) {
            assertThatThrownBy(rows::hasNext)
                    .isInstanceOf(UncheckedIOException.class)
                    .hasCauseInstanceOf(DumpFormatException.class);
            assertThatThrownBy(rows::next).isInstanceOf(UncheckedIOException.class);
        }
    }

    @Test
    void closedDumpClosesItsReaders() throws Exception {
        Path file = Dumps.write(dir, "backup.sql", "INSERT INTO t (a) VALUES (1),(2);\n");

        MysqlDump dump = MysqlDump.open(file);
        DumpRows rows = dump.rows("t");
        assertThat(rows.read()).isNotNull();
        dump.close();

        assertThatThrownBy(rows::read).hasMessageContaining("closed");
        assertThatThrownBy(() -> dump.rows("t")).hasMessageContaining("closed");
        assertThatThrownBy(() -> dump.columns("t")).hasMessageContaining("closed");
    }
}
