package dev.latchkey.migrate.dump;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatementSkippingTest {

    @TempDir
    Path dir;

    private static final String HEADER = String.join("\n",
            "/*M!999999\\- enable the sandbox mode */ ",
            "-- MariaDB dump 10.19  Distrib 10.11.19-MariaDB, for debian-linux-gnu (x86_64)",
            "--",
            "-- Host: 127.0.0.1    Database: jupyter_platform",
            "-- ------------------------------------------------------",
            "",
            "/*!40101 SET @OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT */;",
            "/*!40101 SET NAMES utf8mb4 */;",
            "/*!40103 SET TIME_ZONE='+00:00' */;",
            "/*!40111 SET @OLD_SQL_NOTES=@@SQL_NOTES, SQL_NOTES=0 */;",
            "SET @x = 'INSERT INTO `users` VALUES (1);';",
            "# hash comment INSERT INTO `users` VALUES ('h','h','h');",
            "-- INSERT INTO `users` VALUES ('d','d','d');",
            "/* INSERT INTO `users` VALUES ('b','b','b'); */",
            "--",
            "");

    @Test
    void commentsSetAndLockStatementsAreSkipped() throws Exception {
        String sql = HEADER + Dumps.USERS_CREATE
                + "LOCK TABLES `users` WRITE;\n"
                + "/*!40000 ALTER TABLE `users` DISABLE KEYS */;\n"
                + "INSERT INTO `users` VALUES ('1','one',NULL);\n"
                + "/*!40000 ALTER TABLE `users` ENABLE KEYS */;\n"
                + "UNLOCK TABLES;\n"
                + "/*!40103 SET TIME_ZONE=@OLD_TIME_ZONE */;\n"
                + "-- Dump completed on 2026-12-07  2:50:48\n";

        assertThat(Dumps.rows(dir, sql, "users")).extracting(r -> r.values().get(0)).containsExactly("1");
    }

    @Test
    void triggerBodiesInDelimiterBlocksYieldNoRows() throws Exception {
        String sql = HEADER + Dumps.USERS_CREATE
                + "INSERT INTO `users` VALUES ('1','before',NULL);\n"
                + "/*!50003 SET @saved_cs_client      = @@character_set_client */ ;\n"
                + "DELIMITER ;;\n"
                + "/*!50003 CREATE*/ /*!50017 DEFINER=`root`@`localhost`*/ /*!50003 TRIGGER `audit` AFTER UPDATE"
                + " ON `refresh_tokens` FOR EACH ROW BEGIN\n"
                + "  INSERT INTO `users` VALUES ('x','*/ tricky',NULL);\n"
                + "  INSERT INTO users (id) VALUES ('y');\n"
                + "END */;;\n"
                + "CREATE TRIGGER plain BEFORE DELETE ON refresh_tokens FOR EACH ROW\n"
                + "BEGIN\n  INSERT INTO `users` VALUES ('z','z;z',NULL);\n  SET @a = 1;\nEND ;;\n"
                + "DELIMITER ;\n"
                + "/*!50003 SET character_set_client  = @saved_cs_client */ ;\n"
                + "DELIMITER $$\n"
                + "CREATE PROCEDURE p() BEGIN INSERT INTO users VALUES ('p','p',NULL); END$$\n"
                + "DELIMITER ;\n"
                + "INSERT INTO `users` VALUES ('2','after',NULL);\n"
                + "-- Dump completed on 2026-12-07  2:50:48\n";

        assertThat(Dumps.rows(dir, sql, "users")).extracting(r -> r.values().get(0)).containsExactly("1", "2");
    }

    @Test
    void insertsInsideADelimiterBlockAreStillRows() throws Exception {
        String sql = Dumps.USERS_CREATE
                + "DELIMITER ;;\n"
                + "INSERT INTO `users` VALUES ('1','a',NULL);;\n"
                + "INSERT INTO `other` VALUES (';;'); INSERT INTO `users` VALUES ('2','b',NULL);;\n"
                + "DELIMITER ;\n";

        assertThat(Dumps.rows(dir, sql, "users")).extracting(r -> r.values().get(0)).containsExactly("1", "2");
    }

    @Test
    void createTableOfOtherTablesAndViewsAreSkipped() throws Exception {
        String sql = "CREATE TABLE `user_roles` (`id` int, `role` varchar(10));\n"
                + "CREATE TABLE `users_view_base` (`x` int);\n"
                + "/*!50001 CREATE VIEW `users_view` AS SELECT 1 AS `a` */;\n"
                + "CREATE TABLE `users` (\n  `id` int NOT NULL AUTO_INCREMENT,\n"
                + "  `price` decimal(10,2) DEFAULT '0.00',\n"
                + "  `kind` enum('a,b','c)') DEFAULT 'a,b' COMMENT 'x, y',\n"
                + "  `doc` json CHECK (json_valid(`doc`)),\n"
                + "  PRIMARY KEY (`id`),\n  CONSTRAINT `fk` FOREIGN KEY (`id`) REFERENCES `user_roles` (`id`),\n"
                + "  FULLTEXT KEY `ft` (`kind`),\n  INDEX `ix` (`price`),\n  CHECK (`price` >= 0)\n"
                + ") ENGINE=InnoDB AUTO_INCREMENT=3;\n"
                + "INSERT INTO `users` VALUES (1,1.50,'a,b','{}');\n";

        List<DumpRow> rows = Dumps.rows(dir, sql, "users");

        assertThat(rows).singleElement().satisfies(r -> {
            assertThat(r.columns()).containsExactly("id", "price", "kind", "doc");
            assertThat(r.values()).containsExactly("1", "1.50", "a,b", "{}");
        });
    }

    @Test
    void garbageOutsideStatementsOfTheTableIsSkipped() throws Exception {
        String sql = "Warning: Using a password on the command line interface can be insecure.\n"
                + "mysqldump: [Warning] something;\n"
                + Dumps.USERS_CREATE
                + "INSERT INTO `users` VALUES ('1','a',NULL);\n";

        assertThat(Dumps.rows(dir, sql, "users")).hasSize(1);
    }

    @Test
    void byteOrderMarkAtTheStartIsIgnored() throws Exception {
        byte[] text = ("INSERT INTO t (v) VALUES ('x');\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] withBom = new byte[text.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(text, 0, withBom, 3, text.length);

        assertThat(Dumps.rows(Dumps.writeBytes(dir, "bom.sql", withBom), "t")).hasSize(1);
    }

    @Test
    void aDumpOfSeveralDatabasesIsReadOneDatabaseAtATimeNeverMerged() throws Exception {
        // mariadb-dump --databases a b (or --all-databases) writes USE before each database's tables.
        String sql = HEADER
                + "CREATE DATABASE /*!32312 IF NOT EXISTS*/ `app` ;\nUSE `app`;\n" + Dumps.USERS_CREATE
                + "INSERT INTO `users` VALUES ('1','app one',NULL),('2','app two',NULL);\n"
                + "CREATE DATABASE `other`;\nUSE `other`;\n" + Dumps.USERS_CREATE
                + "INSERT INTO `users` VALUES ('9','other',NULL);\n"
                + "INSERT INTO `app`.`users` VALUES ('3','app three, qualified',NULL);\n"
                + "-- Dump completed on 2026-12-07  2:50:48\n";

        assertThatThrownBy(() -> Dumps.rows(dir, sql, "users")).isInstanceOf(DumpFormatException.class)
                .hasMessageContaining("more than one database (`app` and `other`)");
        assertThat(Dumps.rows(dir, sql, "app.users")).extracting(r -> r.values().get(0)).containsExactly("1", "2", "3");
        assertThat(Dumps.rows(dir, sql, "other.users")).extracting(r -> r.values().get(0)).containsExactly("9");
        assertThat(Dumps.rows(dir, sql, "none.users")).isEmpty();
    }

    @Test
    void aDumpCutAtAStatementBoundaryIsRefusedNotReadAsComplete() throws Exception {
        // Cut after a whole INSERT, nothing is unterminated: only the missing closing line tells.
        String cut = HEADER + Dumps.USERS_CREATE + "INSERT INTO `users` VALUES ('1','one',NULL);\n";
        assertThatThrownBy(() -> Dumps.rows(dir, cut, "users")).isInstanceOf(DumpFormatException.class)
                .hasMessageContaining("cut short");
        assertThat(Dumps.rows(dir, cut + "-- Dump completed on 2026-12-07  2:50:48\n", "users")).hasSize(1);
        // Hand-written SQL, or a dump with --skip-comments, has no such lines and is read as it is.
        assertThat(Dumps.rows(dir, Dumps.USERS_CREATE + "INSERT INTO `users` VALUES ('1','one',NULL);\n", "users"))
                .hasSize(1);
    }
}
