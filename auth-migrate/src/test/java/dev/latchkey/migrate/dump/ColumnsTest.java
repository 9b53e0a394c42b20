package dev.latchkey.migrate.dump;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ColumnsTest {

    @TempDir
    Path dir;

    @Test
    void columnsComeFromCreateTableInDeclarationOrder() throws Exception {
        Path file = Dumps.write(dir, "backup.sql", Dumps.USERS_CREATE
                + "INSERT INTO `users` VALUES ('1','a',NULL);\n"
                + "CREATE TABLE refresh_tokens (\n  id INT AUTO_INCREMENT PRIMARY KEY,\n  user_id CHAR(36),\n"
                + "  `period` int,\n  PERIOD FOR SYSTEM_TIME(`s`, `e`),\n  KEY idx (user_id)\n);\n");

        try (MysqlDump dump = MysqlDump.open(file)) {
            assertThat(dump.columns("users")).hasValueSatisfying(
                    c -> assertThat(c).containsExactly("id", "real_name", "email"));
            assertThat(dump.columns("refresh_tokens")).hasValueSatisfying(
                    c -> assertThat(c).containsExactly("id", "user_id", "period"));
            assertThat(dump.columns("sessions")).isEmpty();
            assertThat(dump.columns("USERS")).isEmpty();
        }
    }

    @Test
    void columnsIgnoreInsertsBeforeTheCreateTable() throws Exception {
        Path file = Dumps.write(dir, "backup.sql",
                "INSERT INTO t VALUES (1);\nCREATE TABLE IF NOT EXISTS `db`.`t` (`a` int);\n");

        try (MysqlDump dump = MysqlDump.open(file)) {
            assertThat(dump.columns("t")).hasValueSatisfying(c -> assertThat(c).containsExactly("a"));
        }
    }

    @Test
    void createTableLikeHasNoColumns() throws Exception {
        Path file = Dumps.write(dir, "backup.sql", "CREATE TABLE t LIKE u;\n");

        try (MysqlDump dump = MysqlDump.open(file)) {
            assertThat(dump.columns("t")).isEmpty();
        }
    }

    @Test
    void eachCallReadsTheFileAgain() throws Exception {
        Path file = Dumps.write(dir, "backup.sql", Dumps.USERS_CREATE
                + "INSERT INTO `users` VALUES ('1','a',NULL),('2','b',NULL);\n");

        try (MysqlDump dump = MysqlDump.open(file)) {
            assertThat(dump.columns("users")).isPresent();
            try (DumpRows first = dump.rows("users"); DumpRows second = dump.rows("users")) {
                assertThat(first.next().values().get(0)).isEqualTo("1");
                assertThat(second.next().values().get(0)).isEqualTo("1");
                assertThat(first.next().values().get(0)).isEqualTo("2");
                assertThat(first.hasNext()).isFalse();
                assertThat(second.next().values().get(0)).isEqualTo("2");
            }
        }
    }
}
