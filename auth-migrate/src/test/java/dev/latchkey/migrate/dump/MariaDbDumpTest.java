package dev.latchkey.migrate.dump;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Real {@code mariadb-dump} / {@code mysqldump} output read back and compared with what the server returns. */
class MariaDbDumpTest {

    private static final String SPLIT = "--net-buffer-length=4096";

    private static MariaDbFixture db;
    private static List<List<String>> expectedUsers;
    private static List<List<String>> expectedTokens;
    private static List<List<String>> expectedAvatars;

    @TempDir
    Path dir;

    @BeforeAll
    static void createDatabase() throws Exception {
        db = MariaDbFixture.start();
        expectedUsers = db.query("SELECT id, real_name, email, phone_number, hashed_password,"
                + " CAST(is_active AS CHAR), CAST(created_at AS CHAR), CAST(updated_at AS CHAR)"
                + " FROM users ORDER BY id");
        expectedTokens = db.query("SELECT CAST(id AS CHAR), user_id, token, device_info, ip_address, user_agent,"
                + " CAST(expires_at AS CHAR), CAST(is_revoked AS CHAR), CAST(created_at AS CHAR)"
                + " FROM refresh_tokens ORDER BY id");
        expectedAvatars = db.query("SELECT CAST(id AS CHAR), CAST(data AS CHAR CHARACTER SET utf8mb4),"
                + " CAST(flags AS BINARY) FROM avatars ORDER BY id");
    }

    @AfterAll
    static void dropDatabase() throws Exception {
        if (db != null) {
            db.close();
        }
    }

    static Stream<Arguments> variants() {
        return Stream.of(
                Arguments.of("mariadb-dump", List.of(SPLIT, "--routines"), false),
                Arguments.of("mariadb-dump", List.of(SPLIT, "--complete-insert"), false),
                Arguments.of("mariadb-dump", List.of("--skip-extended-insert"), false),
                Arguments.of("mariadb-dump", List.of(SPLIT, "--hex-blob"), false),
                Arguments.of("mariadb-dump", List.of(SPLIT, "--compact"), false),
                Arguments.of("mariadb-dump", List.of(SPLIT, "--no-create-info", "--complete-insert"), false),
                Arguments.of("mariadb-dump", List.of(SPLIT, "--insert-ignore", "--skip-quote-names"), false),
                Arguments.of("mariadb-dump", List.of(SPLIT, "--replace", "--skip-comments", "--tz-utc"), false),
                Arguments.of("mariadb-dump", List.of(SPLIT, "--routines"), true),
                Arguments.of("mysqldump", List.of(SPLIT, "--complete-insert", "--hex-blob"), true));
    }

    @ParameterizedTest(name = "{0} {1} gzip={2}")
    @MethodSource("variants")
    void everyRowMatchesTheServer(String tool, List<String> options, boolean gzip) throws Exception {
        Path file = db.dump(tool, options, dir.resolve("backup_mysql.sql"));
        if (gzip) {
            file = gzip(file, dir.resolve("backup_mysql_gz.sql"));
        }

        try (MysqlDump dump = MysqlDump.open(file)) {
            assertThat(read(dump, "users", MariaDbFixture.USER_COLUMNS)).isEqualTo(expectedUsers);
            assertThat(read(dump, "refresh_tokens", MariaDbFixture.TOKEN_COLUMNS)).isEqualTo(expectedTokens);
            // BIT columns come as raw bytes ('\x05') or, with --hex-blob, as 0x05: text either way.
            assertThat(read(dump, "avatars", List.of("id", "data", "flags"))).isEqualTo(expectedAvatars);
            if (!options.contains("--no-create-info")) {
                assertThat(dump.columns("users")).contains(MariaDbFixture.USER_COLUMNS);
                assertThat(dump.columns("refresh_tokens")).contains(MariaDbFixture.TOKEN_COLUMNS);
            }
        }
    }

    @Test
    void defaultDumpSplitsTheTableIntoSeveralInsertsAndHasTriggerAndRoutineBlocks() throws Exception {
        Path file = db.dump("mariadb-dump", List.of(SPLIT, "--routines"), dir.resolve("backup.sql"));

        long inserts;
        try (Stream<String> lines = Files.lines(file, StandardCharsets.UTF_8)) {
            inserts = lines.filter(l -> l.startsWith("INSERT INTO `users` VALUES")).count();
        }
        String text = Files.readString(file, StandardCharsets.UTF_8);
        assertThat(inserts).isGreaterThan(10);
        assertThat(text).contains("DELIMITER ;;", "INSERT INTO users (id, real_name) VALUES (UUID(),",
                "CREATE DEFINER=", "PROCEDURE `add_user`");

        try (MysqlDump dump = MysqlDump.open(file); DumpRows rows = dump.rows("users")) {
            long count = 0;
            long lastLine = 0;
            while (rows.hasNext()) {
                DumpRow row = rows.next();
                assertThat(row.line()).isGreaterThanOrEqualTo(lastLine);
                lastLine = row.line();
                count++;
            }
            assertThat(count).isEqualTo(MariaDbFixture.USERS);
        }
    }

    @Test
    void lineNumbersPointAtTheTuples() throws Exception {
        Path file = db.dump("mariadb-dump", List.of("--skip-extended-insert"), dir.resolve("backup.sql"));
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);

        try (MysqlDump dump = MysqlDump.open(file); DumpRows rows = dump.rows("refresh_tokens")) {
            while (rows.hasNext()) {
                DumpRow row = rows.next();
                assertThat(lines.get((int) row.line() - 1))
                        .startsWith("INSERT INTO `refresh_tokens` VALUES (" + row.values().get(0) + ",");
            }
        }
    }

    @Test
    void dumpWithoutStructureOrColumnListIsRefused() throws Exception {
        Path file = db.dump("mariadb-dump", List.of(SPLIT, "--no-create-info"), dir.resolve("data_only.sql"));

        try (MysqlDump dump = MysqlDump.open(file); DumpRows rows = dump.rows("users")) {
            assertThat(dump.columns("users")).isEmpty();
            assertThatThrownBy(rows::read)
                    .isInstanceOf(DumpFormatException.class)
                    .hasMessageContaining("data_only.sql line ")
                    .hasMessageContaining("INSERT INTO `users` has no column list");
        }
    }

    @Test
    void truncatedRealDumpFailsInsteadOfDroppingRows() throws Exception {
        Path file = db.dump("mariadb-dump", List.of(SPLIT), dir.resolve("full.sql"));
        byte[] bytes = Files.readAllBytes(file);
        String text = new String(bytes, StandardCharsets.UTF_8);
        int cut = text.substring(0, text.indexOf("\nINSERT INTO `users` VALUES"))
                .getBytes(StandardCharsets.UTF_8).length + 20_000;
        Path truncated = dir.resolve("truncated.sql");
        Files.write(truncated, java.util.Arrays.copyOf(bytes, cut));

        List<DumpRow> seen = new ArrayList<>();
        DumpFormatException error = null;
        try (MysqlDump dump = MysqlDump.open(truncated); DumpRows rows = dump.rows("users")) {
            for (DumpRow row = rows.read(); row != null; row = rows.read()) {
                seen.add(row);
            }
        } catch (DumpFormatException e) {
            error = e;
        }
        assertThat(error).hasMessageContaining("truncated.sql line ").hasMessageContaining("truncated");
        assertThat(seen).as(String.valueOf(error)).isNotEmpty().hasSizeLessThan(MariaDbFixture.USERS);
    }

    private static List<List<String>> read(MysqlDump dump, String table, List<String> columns) throws Exception {
        List<List<String>> all = new ArrayList<>();
        try (DumpRows rows = dump.rows(table)) {
            for (DumpRow row = rows.read(); row != null; row = rows.read()) {
                assertThat(row.columns()).containsExactlyInAnyOrderElementsOf(columns);
                List<String> values = new ArrayList<>(columns.size());
                for (String column : columns) {
                    values.add(row.values().get(row.columns().indexOf(column)));
                }
                all.add(values);
            }
        }
        return all;
    }

    private static Path gzip(Path from, Path to) throws Exception {
        try (InputStream in = Files.newInputStream(from);
                OutputStream out = new GZIPOutputStream(Files.newOutputStream(to))) {
            in.transferTo(out);
        }
        return to;
    }
}
