package dev.latchkey.migrate;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;

/**
 * A database URL as people write it — {@code mysql://user:pass@host:3306/db},
 * {@code mariadb://…}, {@code postgresql://…}, or a JDBC URL — turned into the JDBC URL and
 * connection properties of the driver that reads it. MySQL and MariaDB are both read with MariaDB
 * Connector/J.
 *
 * @param kind which kind of server it names
 * @param jdbcUrl the JDBC URL, without the user and password of the original form
 * @param user the user, when the URL named one outside JDBC parameters
 * @param password the password, likewise
 */
record ConnectionUrl(Kind kind, String jdbcUrl, Optional<String> user, Optional<String> password) {

    /** The server a URL names. */
    enum Kind {
        MARIADB,
        POSTGRESQL
    }

    /**
     * Parses a source URL: MySQL, MariaDB or PostgreSQL.
     *
     * @throws InvalidImportException saying which forms are understood
     */
    static ConnectionUrl source(String value) {
        return parse(value, true, "--from");
    }

    /**
     * Parses a target URL: PostgreSQL only.
     *
     * @throws InvalidImportException saying which forms are understood
     */
    static ConnectionUrl target(String value, String setting) {
        return parse(value, false, setting);
    }

    /** The properties to connect with: user and password where the URL gave them. */
    Properties properties() {
        Properties properties = new Properties();
        user.ifPresent(u -> properties.setProperty("user", u));
        password.ifPresent(p -> properties.setProperty("password", p));
        return properties;
    }

    /** The URL for messages: no user, no password, no parameters. */
    String redacted() {
        int query = jdbcUrl.indexOf('?');
        return query < 0 ? jdbcUrl : jdbcUrl.substring(0, query);
    }

    private static ConnectionUrl parse(String value, boolean mysqlAllowed, String setting) {
        if (value == null || value.isBlank()) {
            throw bad(value, mysqlAllowed, setting);
        }
        String url = value.strip();
        String lower = url.toLowerCase(Locale.ROOT);
        if (lower.startsWith("jdbc:postgresql:")) {
            return new ConnectionUrl(Kind.POSTGRESQL, url, Optional.empty(), Optional.empty());
        }
        if (mysqlAllowed && lower.startsWith("jdbc:mariadb:")) {
            return new ConnectionUrl(Kind.MARIADB, url, Optional.empty(), Optional.empty());
        }
        if (mysqlAllowed && lower.startsWith("jdbc:mysql:")) {
            // Connector/J 3 reads jdbc:mysql: only when told to; the same server speaks both.
            return new ConnectionUrl(Kind.MARIADB, "jdbc:mariadb:" + url.substring("jdbc:mysql:".length()),
                    Optional.empty(), Optional.empty());
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw bad(value, mysqlAllowed, setting);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        Kind kind;
        String jdbcScheme;
        if (scheme.equals("postgresql") || scheme.equals("postgres") || scheme.startsWith("postgresql+")) {
            kind = Kind.POSTGRESQL;
            jdbcScheme = "jdbc:postgresql://";
        } else if (mysqlAllowed && (scheme.equals("mysql") || scheme.equals("mariadb") || scheme.startsWith("mysql+"))) {
            kind = Kind.MARIADB;
            jdbcScheme = "jdbc:mariadb://";
        } else {
            throw bad(value, mysqlAllowed, setting);
        }
        if (uri.getHost() == null || uri.getRawPath() == null || uri.getRawPath().length() < 2) {
            throw bad(value, mysqlAllowed, setting);
        }
        StringBuilder jdbc = new StringBuilder(jdbcScheme).append(uri.getHost());
        if (uri.getPort() > 0) {
            jdbc.append(':').append(uri.getPort());
        }
        jdbc.append(uri.getRawPath());
        if (uri.getRawQuery() != null) {
            jdbc.append('?').append(uri.getRawQuery());
        }
        Optional<String> user = Optional.empty();
        Optional<String> password = Optional.empty();
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            user = Optional.of(percentDecode(parts[0]));
            if (parts.length == 2) {
                password = Optional.of(percentDecode(parts[1]));
            }
        }
        return new ConnectionUrl(kind, jdbc.toString(), user, password);
    }

    /** RFC 3986 percent-decoding as UTF-8; unlike form decoding, {@code +} stays a plus. */
    static String percentDecode(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length());
        int i = 0;
        while (i < text.length()) {
            int c = text.codePointAt(i);
            if (c == '%' && i + 2 < text.length() && Character.digit(text.charAt(i + 1), 16) >= 0
                    && Character.digit(text.charAt(i + 2), 16) >= 0) {
                out.write(Character.digit(text.charAt(i + 1), 16) * 16 + Character.digit(text.charAt(i + 2), 16));
                i += 3;
            } else {
                byte[] bytes = new String(Character.toChars(c)).getBytes(StandardCharsets.UTF_8);
                out.write(bytes, 0, bytes.length);
                i += Character.charCount(c);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static InvalidImportException bad(String value, boolean mysqlAllowed, String setting) {
        String shown = value == null ? "" : value.replaceAll("//[^@/]*@", "//***@");
        String forms = mysqlAllowed
                ? "mysql://user:pass@host:3306/db, mariadb://…, jdbc:mariadb:…, jdbc:mysql:…, postgresql://… or jdbc:postgresql:…"
                : "postgresql://user:pass@host:5432/db or jdbc:postgresql://host:5432/db";
        return new InvalidImportException(setting + " must look like " + forms + ", was '" + shown + "'");
    }
}
