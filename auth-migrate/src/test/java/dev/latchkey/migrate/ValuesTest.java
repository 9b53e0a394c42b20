package dev.latchkey.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** How legacy values and URLs are read, without any database. */
class ValuesTest {

    @Test
    void sourceUrlsOfEveryFormBecomeConnectorJUrlsWithDecodedCredentials() {
        ConnectionUrl mysql = ConnectionUrl.source("mysql://app%40corp:p%3Ass+w%C3%B6rd@db.example:3307/jupyter_platform");
        assertThat(mysql.kind()).isEqualTo(ConnectionUrl.Kind.MARIADB);
        assertThat(mysql.jdbcUrl()).isEqualTo("jdbc:mariadb://db.example:3307/jupyter_platform");
        assertThat(mysql.user()).contains("app@corp");
        assertThat(mysql.password()).contains("p:ss+wörd");
        assertThat(ConnectionUrl.source("mariadb://root@127.0.0.1/legacy").jdbcUrl())
                .isEqualTo("jdbc:mariadb://127.0.0.1/legacy");
        assertThat(ConnectionUrl.source("jdbc:mysql://h:3306/db?user=u").jdbcUrl())
                .isEqualTo("jdbc:mariadb://h:3306/db?user=u");
        assertThat(ConnectionUrl.source("jdbc:mariadb://h/db").kind()).isEqualTo(ConnectionUrl.Kind.MARIADB);
        ConnectionUrl postgres = ConnectionUrl.source("postgresql://u:secret@h:5432/old?sslmode=disable");
        assertThat(postgres.kind()).isEqualTo(ConnectionUrl.Kind.POSTGRESQL);
        assertThat(postgres.jdbcUrl()).isEqualTo("jdbc:postgresql://h:5432/old?sslmode=disable");
        assertThat(postgres.redacted()).isEqualTo("jdbc:postgresql://h:5432/old").doesNotContain("secret");
        assertThatThrownBy(() -> ConnectionUrl.target("mysql://u@h/db", "--to"))
                .isInstanceOf(InvalidImportException.class).hasMessageContaining("--to must look like");
        assertThatThrownBy(() -> ConnectionUrl.source("mysql://u:secret@/db"))
                .isInstanceOf(InvalidImportException.class).hasMessageNotContaining("secret");
    }

    @Test
    void legacyTimesAreReadInTheSourceZoneUnlessTheyCarryAnOffset() {
        ZoneId seoul = ZoneId.of("Asia/Seoul");
        assertThat(LegacyTime.parse("2024-03-01 09:00:00", seoul)).contains(Instant.parse("2024-03-01T00:00:00Z"));
        assertThat(LegacyTime.parse("2024-03-01 09:00:00.123456", ZoneOffset.UTC))
                .contains(Instant.parse("2024-03-01T09:00:00.123456Z"));
        assertThat(LegacyTime.parse("2024-03-01 09:00:00+00", seoul)).contains(Instant.parse("2024-03-01T09:00:00Z"));
        assertThat(LegacyTime.parse("2024-03-01T09:00:00+05:30", seoul))
                .contains(Instant.parse("2024-03-01T03:30:00Z"));
        assertThat(LegacyTime.parse("2024-03-01", ZoneOffset.UTC)).contains(Instant.parse("2024-03-01T00:00:00Z"));
        assertThat(LegacyTime.parse("0000-00-00 00:00:00", ZoneOffset.UTC)).isEmpty();
        assertThat(LegacyTime.parse("2024-02-30 00:00:00", ZoneOffset.UTC)).isEmpty();
        assertThat(LegacyTime.parse("yesterday", ZoneOffset.UTC)).isEmpty();
        assertThat(LegacyTime.parse(null, ZoneOffset.UTC)).isEmpty();
    }

    @Test
    void unsupportedHashesAreNamedByTheirSchemeNeverByTheirContent() {
        assertThat(HashSchemes.unsupported("5f4dcc3b5aa765d61d8327deb882cf99")).contains("hex MD5 digest");
        assertThat(HashSchemes.unsupported("5BAA61E4C9B93F3F0682250B6CF8331B7EE68FD8")).contains("hex SHA-1 digest");
        assertThat(HashSchemes.unsupported("$1$saltsalt$qjXMvOEVOWbeTfoGnNMKW.")).contains("unknown prefix $1$");
        assertThat(HashSchemes.unsupported("bcrypt_sha256$$2b$12$abc")).contains("unknown prefix bcrypt_sha256$");
        assertThat(HashSchemes.unsupported("$2b$12$short")).get().asString().startsWith("malformed bcrypt $2b$ hash");
        assertThat(HashSchemes.unsupported("$2b$20$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW")).get()
                .asString().contains("cost above 16");
        assertThat(HashSchemes.unsupported("plain text password")).contains("unknown scheme (19 characters)");
        assertThat(HashSchemes.unsupported("$2b$04$UmU7VU.iZaZQK0ygjNcG0uhm26uTAfkKYvOuEbteeZ8KV5wgjS/eS")).isEmpty();
    }

    @Test
    void activeFlagsFollowTheTable() {
        assertThat(UserRowCheck.active(null)).contains(false);
        assertThat(UserRowCheck.active("0")).contains(false);
        assertThat(UserRowCheck.active("1")).contains(true);
        assertThat(UserRowCheck.active("2")).contains(true);
        assertThat(UserRowCheck.active("-1")).contains(true);
        assertThat(UserRowCheck.active("t")).contains(true);
        assertThat(UserRowCheck.active("false")).contains(false);
        assertThat(UserRowCheck.active("yes please")).isEmpty();
    }

    @Test
    void ipAddressesAreCheckedLiterallyWithoutLookingUpNames() {
        assertThat(SessionRowCheck.isIpAddress("203.0.113.5")).isTrue();
        assertThat(SessionRowCheck.isIpAddress("2001:db8::1")).isTrue();
        assertThat(SessionRowCheck.isIpAddress("::ffff:192.0.2.1")).isTrue();
        assertThat(SessionRowCheck.isIpAddress("256.1.1.1")).isFalse();
        assertThat(SessionRowCheck.isIpAddress("localhost")).isFalse();
        assertThat(SessionRowCheck.isIpAddress("example.com")).isFalse();
        assertThat(SessionRowCheck.isIpAddress("1:2")).isFalse();
        assertThat(SessionRowCheck.isIpAddress("")).isFalse();
    }

    @Test
    void rejectLinesAreValidJsonWhateverTheValues() throws Exception {
        String nasty = "quote \" backslash \\ newline \n tab \t nul \u0000 lone \uD800 emoji 😀 sep \u2028";
        String line = new Reject("users", nasty, null, "invalid_email", "detail").toJson();
        assertThat(line).doesNotContain("\n");
        JsonNode node = new ObjectMapper().readTree(line);
        assertThat(node.get("id").asText()).startsWith("quote \" backslash \\ newline \n tab \t nul \u0000 lone ")
                .endsWith(" emoji 😀 sep \u2028");
        assertThat(node.get("email").isNull()).isTrue();
    }
}
