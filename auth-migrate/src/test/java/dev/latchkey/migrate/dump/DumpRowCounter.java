package dev.latchkey.migrate.dump;

import java.nio.file.Path;
import java.util.List;

/** Run in a separate JVM with a small heap: reads every row of a table and writes the count and a checksum. */
public final class DumpRowCounter {

    private DumpRowCounter() {
    }

    /**
     * @param args the dump file and the table
     * @throws Exception if the dump cannot be read
     */
    public static void main(String[] args) throws Exception {
        long rows = 0;
        long checksum = 0;
        try (MysqlDump dump = MysqlDump.open(Path.of(args[0])); DumpRows reader = dump.rows(args[1])) {
            for (DumpRow row = reader.read(); row != null; row = reader.read()) {
                rows++;
                checksum = update(checksum, row.values());
            }
        }
        System.out.println("rows=" + rows + " checksum=" + checksum);
    }

    /** Folds the values of one row into a running checksum; NULL counts differently from every string. */
    static long update(long checksum, List<String> values) {
        long sum = checksum;
        for (String value : values) {
            sum = sum * 1_000_003L + (value == null ? 0x5bd1e995L : value.hashCode() + ((long) value.length() << 32));
        }
        return sum;
    }
}
