package dev.latchkey.migrate.dump;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A dump far larger than the heap of the JVM that reads it: about 200 MB, half of it a single extended INSERT on
 * one line, plus one value of several MB, read by a separate JVM with {@code -Xmx64m}.
 */
class LargeDumpTest {

    private static final long TARGET_BYTES = 200L << 20;
    private static final long FIRST_STATEMENT_BYTES = 100L << 20;
    private static final int LARGE_VALUE_BYTES = 6 << 20;

    @TempDir
    Path dir;

    @Test
    void twoHundredMegabytesAreReadInSixtyFourMegabytesOfHeap() throws Exception {
        Path file = dir.resolve("huge.sql");
        long[] expected = write(file);
        assertThat(Files.size(file)).isGreaterThan(TARGET_BYTES);

        Process process = new ProcessBuilder(javaCommand(file)).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(output.trim()).isEqualTo("rows=" + expected[0] + " checksum=" + expected[1]);
        assertThat(process.exitValue()).isZero();
    }

    private static List<String> javaCommand(Path file) throws Exception {
        String classes = Path.of(MysqlDump.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .toString();
        String testClasses = Path.of(DumpRowCounter.class.getProtectionDomain().getCodeSource().getLocation()
                .toURI()).toString();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(Arrays.asList("-Xmx64m", "-XX:+UseSerialGC", "-cp",
                classes + java.io.File.pathSeparator + testClasses,
                DumpRowCounter.class.getName(), file.toString(), "users"));
        return command;
    }

    /** Writes the dump; @return the row count and the checksum of all values */
    private static long[] write(Path file) throws IOException {
        long[] state = new long[2];
        StringBuilder sql = new StringBuilder(1 << 20);
        try (CountingStream out = new CountingStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16))) {
            out.text(Dumps.USERS_CREATE);
            out.text("INSERT INTO `other` VALUES ('" + "y".repeat(1000) + "');\n");
            out.text("INSERT INTO `users` VALUES ");
            boolean first = true;
            while (out.count < FIRST_STATEMENT_BYTES) {
                for (int i = 0; i < 1000; i++) {
                    if (!first) {
                        sql.append(',');
                    }
                    first = false;
                    tuple(sql, state);
                }
                out.flush(sql);
            }
            out.text(";\n");
            List<String> big = Arrays.asList("big", "L".repeat(LARGE_VALUE_BYTES - 2) + "é", null);
            out.text("INSERT INTO `users` VALUES ('big','" + big.get(1) + "',NULL);\n");
            state[0]++;
            state[1] = DumpRowCounter.update(state[1], big);
            while (out.count < TARGET_BYTES) {
                sql.append("INSERT INTO `users` VALUES ");
                for (int i = 0; i < 5000; i++) {
                    if (i > 0) {
                        sql.append(",\n");
                    }
                    tuple(sql, state);
                }
                sql.append(";\n");
                out.flush(sql);
            }
        }
        return state;
    }

    private static final String[] NAMES = {"홍길동 😀 ", "O'Brien \\ \n", "plain "};
    private static final String[] ESCAPED = {"홍길동 😀 ", "O\\'Brien \\\\ \\n", "plain "};

    private static void tuple(StringBuilder sql, long[] state) {
        long n = ++state[0];
        String hex = Long.toHexString(n);
        String id = "00000000".substring(Math.min(8, hex.length())) + hex + "-0000-4000-8000-"
                + "000000000000".substring(hex.length()) + hex;
        int kind = (int) (n % 3);
        String name = NAMES[kind] + n;
        String email = n % 5 == 0 ? null : "user" + n + "@example.com";
        state[1] = DumpRowCounter.update(state[1], Arrays.asList(id, name, email));
        sql.append("('").append(id).append("','").append(ESCAPED[kind]).append(n).append("',");
        if (email == null) {
            sql.append("NULL)");
        } else {
            sql.append('\'').append(email).append("')");
        }
    }

    private static final class CountingStream extends OutputStream {
        private final OutputStream out;
        long count;

        CountingStream(OutputStream out) {
            this.out = out;
        }

        void text(String s) throws IOException {
            write(s.getBytes(StandardCharsets.UTF_8));
        }

        void flush(StringBuilder sb) throws IOException {
            text(sb.toString());
            sb.setLength(0);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }
}
