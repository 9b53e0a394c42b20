package dev.latchkey.migrate.dump;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/** Helpers that write dump text to files and read rows back. */
final class Dumps {

    static final String USERS_CREATE = String.join("\n",
            "DROP TABLE IF EXISTS `users`;",
            "/*!40101 SET @saved_cs_client     = @@character_set_client */;",
            "/*!40101 SET character_set_client = utf8mb4 */;",
            "CREATE TABLE `users` (",
            "  `id` char(36) NOT NULL,",
            "  `real_name` varchar(100) DEFAULT NULL,",
            "  `email` varchar(255) DEFAULT NULL COMMENT 'login, unique (per tenant)',",
            "  PRIMARY KEY (`id`),",
            "  UNIQUE KEY `email` (`email`),",
            "  KEY `idx_name` (`real_name`(10))",
            ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;",
            "/*!40101 SET character_set_client = @saved_cs_client */;",
            "");

    private Dumps() {
    }

    static Path write(Path dir, String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, text.getBytes(StandardCharsets.UTF_8));
        return file;
    }

    static Path writeBytes(Path dir, String name, byte[] bytes) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, bytes);
        return file;
    }

    static Path writeGzip(Path dir, String name, String text) throws IOException {
        Path file = dir.resolve(name);
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return file;
    }

    static List<DumpRow> rows(Path file, String table) throws IOException {
        try (MysqlDump dump = MysqlDump.open(file); DumpRows rows = dump.rows(table)) {
            List<DumpRow> all = new ArrayList<>();
            for (DumpRow row = rows.read(); row != null; row = rows.read()) {
                all.add(row);
            }
            return all;
        }
    }

    static List<DumpRow> rows(Path dir, String text, String table) throws IOException {
        return rows(write(dir, "backup.sql", text), table);
    }

    static List<String> values(Path dir, String text, String table) throws IOException {
        List<DumpRow> rows = rows(dir, text, table);
        if (rows.size() != 1) {
            throw new AssertionError("expected one row but got " + rows.size());
        }
        return rows.get(0).values();
    }
}
