package dev.latchkey.migrate;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the legacy users come from: a live database, or a dump file of one.
 */
public final class ImportSource {

    private final ConnectionUrl url;
    private final Path dump;

    private ImportSource(ConnectionUrl url, Path dump) {
        this.url = url;
        this.dump = dump;
    }

    /**
     * A live legacy database: {@code mysql://user:pass@host:3306/db}, {@code mariadb://…},
     * {@code jdbc:mariadb:…}, {@code jdbc:mysql:…}, {@code postgresql://…} or
     * {@code jdbc:postgresql:…}. User and password in the URL may be percent-encoded.
     *
     * @throws InvalidImportException if the URL has none of these forms
     */
    public static ImportSource database(String url) {
        return new ImportSource(ConnectionUrl.source(url), null);
    }

    /**
     * A dump file as mysqldump or mariadb-dump writes it, plain or gzip-compressed, read without
     * any database server.
     */
    public static ImportSource dump(Path file) {
        return new ImportSource(null, Objects.requireNonNull(file, "file"));
    }

    Optional<ConnectionUrl> url() {
        return Optional.ofNullable(url);
    }

    Optional<Path> dumpFile() {
        return Optional.ofNullable(dump);
    }

    LegacyReader open() {
        if (url != null) {
            return JdbcLegacyReader.open(url);
        }
        return DumpLegacyReader.open(dump);
    }

    /** Where it reads from, without user or password. */
    @Override
    public String toString() {
        return url != null ? url.redacted() : dump.toString();
    }
}
