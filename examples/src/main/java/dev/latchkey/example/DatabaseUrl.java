package dev.latchkey.example;

import dev.latchkey.example.config.InvalidConfigurationException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * {@code DATABASE_URL} in the guide's form, {@code postgresql://user:password@host:5432/db}
 * (also {@code postgres://} and SQLAlchemy's {@code postgresql+psycopg2://}), or a JDBC URL
 * {@code jdbc:postgresql://…} as it is.
 *
 * @param jdbcUrl the JDBC URL
 * @param user the user, when the URL names one outside the JDBC parameters
 * @param password the password, likewise
 */
record DatabaseUrl(String jdbcUrl, Optional<String> user, Optional<String> password) {

    static DatabaseUrl parse(String value) {
        String url = value.strip();
        if (url.startsWith("jdbc:postgresql:")) {
            return new DatabaseUrl(url, Optional.empty(), Optional.empty());
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw bad(value);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme();
        if (!(scheme.equals("postgresql") || scheme.equals("postgres") || scheme.startsWith("postgresql+"))
                || uri.getHost() == null || uri.getPath() == null || uri.getPath().length() < 2) {
            throw bad(value);
        }
        StringBuilder jdbc = new StringBuilder("jdbc:postgresql://").append(uri.getHost());
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
            user = Optional.of(decode(parts[0]));
            if (parts.length == 2) {
                password = Optional.of(decode(parts[1]));
            }
        }
        return new DatabaseUrl(jdbc.toString(), user, password);
    }

    /** The URL for logs: without user or password. */
    String redacted() {
        int query = jdbcUrl.indexOf('?');
        return query < 0 ? jdbcUrl : jdbcUrl.substring(0, query);
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }

    private static InvalidConfigurationException bad(String value) {
        String shown = value.replaceAll("//[^@/]*@", "//***@");
        return new InvalidConfigurationException("DATABASE_URL must look like postgresql://user:password@host:5432/db"
                + " or jdbc:postgresql://host:5432/db, was '" + shown + "'");
    }
}
