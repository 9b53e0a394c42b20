package dev.latchkey.migrate.dump;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InsertStatementTest {

    @TempDir
    Path dir;

    @Test
    void extendedInsertYieldsEveryTupleWithCreateTableColumns() throws Exception {
        String sql = Dumps.USERS_CREATE
                + "LOCK TABLES `users` WRITE;\n"
                + "/*!40000 ALTER TABLE `users` DISABLE KEYS */;\n"
                + "INSERT INTO `users` VALUES ('a','Ann','ann@x.io'),('b','Bob',NULL),\n('c','Cy','c@x.io');\n"
                + "INSERT INTO `users` VALUES ('d','Di','d@x.io');\n"
                + "/*!40000 ALTER TABLE `users` ENABLE KEYS */;\n"
                + "UNLOCK TABLES;\n";

        List<DumpRow> rows = Dumps.rows(dir, sql, "users");

        assertThat(rows).extracting(DumpRow::values).containsExactly(
                List.of("a", "Ann", "ann@x.io"),
                java.util.Arrays.asList("b", "Bob", null),
                List.of("c", "Cy", "c@x.io"),
                List.of("d", "Di", "d@x.io"));
        assertThat(rows).allSatisfy(r -> assertThat(r.columns()).containsExactly("id", "real_name", "email"));
        assertThat(rows).extracting(DumpRow::line).containsExactly(15L, 15L, 16L, 17L);
    }

    @Test
    void completeInsertUsesItsOwnColumnList() throws Exception {
        String sql = Dumps.USERS_CREATE
                + "INSERT INTO `users` (`email`, `id`) VALUES ('e@x.io','e'),('f@x.io','f');\n";

        List<DumpRow> rows = Dumps.rows(dir, sql, "users");

        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).columns()).containsExactly("email", "id");
        assertThat(rows.get(0).get("ID")).contains("e");
        assertThat(rows.get(1).get("email")).contains("f@x.io");
        assertThat(rows.get(1).has("real_name")).isFalse();
    }

    @Test
    void completeInsertWorksWithoutCreateTable() throws Exception {
        String sql = "INSERT INTO users (id,real_name) VALUE ('g','Gil');\n";

        assertThat(Dumps.rows(dir, sql, "users"))
                .singleElement()
                .satisfies(r -> assertThat(r.get("real_name")).contains("Gil"));
    }

    @Test
    void insertIgnoreReplaceAndPriorityModifiersAreRows() throws Exception {
        String sql = Dumps.USERS_CREATE
                + "INSERT  IGNORE INTO `users` VALUES ('1','a',NULL);\n"
                + "REPLACE INTO `users` VALUES ('2','b',NULL);\n"
                + "replace `users` values ('3','c',NULL);\n"
                + "INSERT LOW_PRIORITY IGNORE INTO `users` VALUES ('4','d',NULL);\n"
                + "INSERT DELAYED users VALUES ('5','e',NULL);\n";

        assertThat(Dumps.rows(dir, sql, "users")).extracting(r -> r.values().get(0))
                .containsExactly("1", "2", "3", "4", "5");
    }

    @Test
    void schemaQualifiedNamesCountForTheTable() throws Exception {
        String sql = Dumps.USERS_CREATE
                + "INSERT INTO `jupyter_platform`.`users` VALUES ('1','a',NULL);\n"
                + "INSERT INTO jupyter_platform . users VALUES ('2','b',NULL);\n"
                + "INSERT INTO `other`.`users_archive` VALUES ('3','c',NULL);\n";

        assertThat(Dumps.rows(dir, sql, "users")).extracting(r -> r.values().get(0))
                .containsExactly("1", "2");
    }

    @Test
    void tableNamesCompareCaseSensitively() throws Exception {
        String sql = Dumps.USERS_CREATE
                + "INSERT INTO `Users` (`id`) VALUES ('upper');\n"
                + "INSERT INTO `users` VALUES ('1','a',NULL);\n";

        assertThat(Dumps.rows(dir, sql, "users")).hasSize(1);
        assertThat(Dumps.rows(dir, sql, "Users")).singleElement()
                .satisfies(r -> assertThat(r.values()).containsExactly("upper"));
        assertThat(Dumps.rows(dir, sql, "USERS")).isEmpty();
    }

    @Test
    void otherTablesRowsAreNotYielded() throws Exception {
        String sql = Dumps.USERS_CREATE
                + "CREATE TABLE `refresh_tokens` (`id` int, `user_id` char(36));\n"
                + "INSERT INTO `refresh_tokens` VALUES (1,'a'),(2,'b');\n"
                + "INSERT INTO `users` VALUES ('1','a',NULL);\n"
                + "INSERT INTO `refresh_tokens` VALUES (3,'c');\n";

        assertThat(Dumps.rows(dir, sql, "users")).hasSize(1);
        assertThat(Dumps.rows(dir, sql, "refresh_tokens")).extracting(DumpRow::values).containsExactly(
                List.of("1", "a"), List.of("2", "b"), List.of("3", "c"));
    }

    @Test
    void missingTableHasNoRows() throws Exception {
        String sql = Dumps.USERS_CREATE + "INSERT INTO `users` VALUES ('1','a',NULL);\n";

        assertThat(Dumps.rows(dir, sql, "sessions")).isEmpty();
        assertThat(Dumps.rows(dir, "", "users")).isEmpty();
    }

    @Test
    void latestCreateTableBeforeTheInsertGivesTheColumns() throws Exception {
        String sql = "CREATE TABLE users (id int, a int);\n"
                + "INSERT INTO users VALUES (1,2);\n"
                + "DROP TABLE users;\n"
                + "CREATE TABLE IF NOT EXISTS users (id int, b int, c int);\n"
                + "INSERT INTO users VALUES (3,4,5);\n";

        List<DumpRow> rows = Dumps.rows(dir, sql, "users");

        assertThat(rows.get(0).columns()).containsExactly("id", "a");
        assertThat(rows.get(1).columns()).containsExactly("id", "b", "c");
    }

    @Test
    void whitespaceAndCommentsInsideInsertAreAllowed() throws Exception {
        String sql = Dumps.USERS_CREATE
                + "INSERT /* hint */ INTO `users`\n  VALUES\n  ( 'a' , /* c */ 'b' ,\n NULL ) -- first\n"
                + "  , # second\n ('c','d','e')\n;\n";

        assertThat(Dumps.rows(dir, sql, "users")).extracting(DumpRow::values).containsExactly(
                java.util.Arrays.asList("a", "b", null), List.of("c", "d", "e"));
    }

    @Test
    void crlfLineEndingsAreHandled() throws Exception {
        String sql = (Dumps.USERS_CREATE
                + "-- comment\n"
                + "INSERT INTO `users` VALUES ('a','Ann',NULL),\n('b','Bob','b@x.io');\n"
                + "DELIMITER ;;\n"
                + "/*!50003 CREATE*/ /*!50003 TRIGGER t BEFORE INSERT ON x FOR EACH ROW BEGIN"
                + " INSERT INTO users VALUES ('t','t','t'); END */;;\n"
                + "DELIMITER ;\n"
                + "INSERT INTO `users` VALUES ('c','C\\r\\n',NULL);\n").replace("\n", "\r\n");

        List<DumpRow> rows = Dumps.rows(dir, sql, "users");

        assertThat(rows).extracting(r -> r.values().get(1)).containsExactly("Ann", "Bob", "C\r\n");
        assertThat(rows).extracting(DumpRow::line).containsExactly(14L, 15L, 19L);
    }

    @Test
    void emptyInsertForTableWithoutColumnsIsAllowed() throws Exception {
        assertThat(Dumps.rows(dir, "INSERT INTO t () VALUES ();\n", "t")).singleElement()
                .satisfies(r -> assertThat(r.values()).isEmpty());
    }

    @Test
    void onDuplicateKeyUpdateClauseIsSkippedAfterTheRows() throws Exception {
        String sql = "INSERT INTO t (a,b) VALUES (1,'x') ON DUPLICATE KEY UPDATE b='y;z';\n"
                + "INSERT INTO t (a,b) VALUES (2,'w');\n";

        assertThat(Dumps.rows(dir, sql, "t")).extracting(r -> r.values().get(0)).containsExactly("1", "2");
    }

    @Test
    void partitionClauseAndCreateOrReplaceAreUnderstood() throws Exception {
        String sql = "CREATE OR REPLACE TABLE `t` (`a` int, `b` int) PARTITION BY HASH(a) PARTITIONS 2;\n"
                + "INSERT INTO t PARTITION (p0, p1) VALUES (1,2);\n";

        assertThat(Dumps.rows(dir, sql, "t")).singleElement()
                .satisfies(r -> assertThat(r.get("b")).contains("2"));
    }
}
