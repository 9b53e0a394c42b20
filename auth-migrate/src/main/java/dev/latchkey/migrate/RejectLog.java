package dev.latchkey.migrate;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/** Counts rejected rows by reason and writes each to the reject file, when there is one. */
final class RejectLog implements AutoCloseable {

    private final Path file;
    private final BufferedWriter writer;
    private final Map<String, Long> reasons = new TreeMap<>();

    RejectLog(Path file) {
        this.file = file;
        if (file == null) {
            this.writer = null;
            return;
        }
        try {
            this.writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
            ownerOnly(file);
        } catch (IOException e) {
            throw new InvalidImportException("--reject-file: cannot write " + file + ": "
                    + e.getClass().getSimpleName().replace("Exception", "") + " " + e.getMessage(), e);
        }
    }

    /** The file lists people's emails: readable by its owner only, where the file system has owners. */
    private static void ownerOnly(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system: its own access rules apply.
        }
    }

    void add(Reject reject) {
        reasons.merge(reject.reason(), 1L, Long::sum);
        if (writer == null) {
            return;
        }
        try {
            writer.write(reject.toJson());
            writer.write('\n');
        } catch (IOException e) {
            throw new ImportFailedException("Cannot write the reject file " + file + ": " + e.getMessage(), e);
        }
    }

    Map<String, Long> reasons() {
        return reasons;
    }

    @Override
    public void close() {
        if (writer == null) {
            return;
        }
        try {
            writer.close();
        } catch (IOException e) {
            throw new ImportFailedException("Cannot write the reject file " + file + ": " + e.getMessage(), e);
        }
    }
}
