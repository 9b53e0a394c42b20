package dev.latchkey.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The configuration metadata IDEs complete {@code latchkey.*} from: every property described, the defaults shown. */
class ConfigurationMetadataTest {

    @Test
    void everyPropertyHasADescriptionAndTheDefaultsAreListed() throws Exception {
        JsonNode metadata;
        try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            assertThat(in).as("generated metadata").isNotNull();
            metadata = new ObjectMapper().readTree(in);
        }
        Map<String, JsonNode> properties = new HashMap<>();
        metadata.get("properties").forEach(p -> properties.put(p.get("name").asText(), p));
        assertThat(properties).containsKeys("latchkey.secret-key", "latchkey.access-token-ttl",
                "latchkey.refresh-token-ttl", "latchkey.refresh-token-rotation", "latchkey.issuer", "latchkey.audience",
                "latchkey.base-path", "latchkey.admin.base-path", "latchkey.admin.role", "latchkey.admin.bootstrap-emails",
                "latchkey.apply-schema-on-start", "latchkey.clean-up-interval");
        properties.forEach((name, p) -> assertThat(p.path("description").asText()).as(name).isNotBlank());
        assertThat(properties.get("latchkey.access-token-ttl").get("defaultValue").asText()).isEqualTo("30m");
        assertThat(properties.get("latchkey.refresh-token-ttl").get("defaultValue").asText()).isEqualTo("7d");
        assertThat(properties.get("latchkey.refresh-token-rotation").get("defaultValue").asBoolean()).isFalse();
        assertThat(properties.get("latchkey.base-path").get("defaultValue").asText()).isEqualTo("/api/auth");
        assertThat(properties.get("latchkey.admin.base-path").get("defaultValue").asText()).isEqualTo("/api/admin");
        assertThat(properties.get("latchkey.admin.role").get("defaultValue").asText()).isEqualTo("admin");
        assertThat(properties.get("latchkey.apply-schema-on-start").get("defaultValue").asBoolean()).isTrue();
        assertThat(properties.get("latchkey.clean-up-interval").get("defaultValue").asText()).isEqualTo("15m");
        assertThat(properties.get("latchkey.secret-key").has("defaultValue")).as("no default key").isFalse();
    }
}
