package dev.latchkey.migrate.dump;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompressionTest {

    private static final String SQL = Dumps.USERS_CREATE
            + "INSERT INTO `users` VALUES ('1','홍길동 😀',NULL),('2','b','b@x.io');\n";

    @TempDir
    Path dir;

    @Test
    void gzipIsDetectedByMagicEvenWithASqlName() throws Exception {
        Path file = Dumps.writeGzip(dir, "backup_mysql.sql", SQL);

        assertThat(Dumps.rows(file, "users")).extracting(r -> r.values().get(1))
                .containsExactly("홍길동 😀", "b");
    }

    @Test
    void plainTextWithAGzName() throws Exception {
        Path file = Dumps.write(dir, "backup_mysql.sql.gz", SQL);

        assertThat(Dumps.rows(file, "users")).hasSize(2);
    }

    @Test
    void concatenatedGzipMembersAreReadWhole() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (String part : new String[] {Dumps.USERS_CREATE, "INSERT INTO `users` VALUES ('1','a',NULL);\n"}) {
            try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
                gz.write(part.getBytes(StandardCharsets.UTF_8));
            }
        }
        Path file = Dumps.writeBytes(dir, "multi.sql.gz", bytes.toByteArray());

        assertThat(Dumps.rows(file, "users")).hasSize(1);
    }

    @Test
    void truncatedGzipIsAFormatError() throws Exception {
        Path full = Dumps.writeGzip(dir, "full.gz", SQL + SQL.repeat(50));
        byte[] bytes = Files.readAllBytes(full);
        Path cut = Dumps.writeBytes(dir, "cut.sql.gz", Arrays.copyOf(bytes, bytes.length - 20));

        assertThatThrownBy(() -> Dumps.rows(cut, "users"))
                .isInstanceOf(DumpFormatException.class)
                .hasMessageStartingWith("cut.sql.gz line ");
    }

    @Test
    void corruptGzipHeaderIsAFormatError() throws Exception {
        Path file = Dumps.writeBytes(dir, "bad.sql", new byte[] {0x1f, (byte) 0x8b, 0x07, 0});

        assertThatThrownBy(() -> MysqlDump.open(file))
                .isInstanceOf(DumpFormatException.class)
                .hasMessageStartingWith("bad.sql line 1: the gzip header is truncated or corrupt");
    }

    @Test
    void otherCompressionFormatsAreRejectedClearly() throws Exception {
        Path zstd = Dumps.writeBytes(dir, "backup.sql.zst", new byte[] {0x28, (byte) 0xB5, 0x2F, (byte) 0xFD, 0});
        Path bzip = Dumps.write(dir, "backup.sql.bz2", "BZh91AY&SY");

        assertThatThrownBy(() -> MysqlDump.open(zstd))
                .isInstanceOf(DumpFormatException.class)
                .hasMessage("backup.sql.zst line 1: the file is zstd-compressed; only plain SQL and gzip can be read"
                        + " (decompress it first)");
        assertThatThrownBy(() -> MysqlDump.open(bzip)).hasMessageContaining("bzip2-compressed");
    }

    @Test
    void missingFileFailsOnOpen() {
        assertThatThrownBy(() -> MysqlDump.open(dir.resolve("nope.sql")))
                .isInstanceOf(java.nio.file.NoSuchFileException.class);
    }
}
