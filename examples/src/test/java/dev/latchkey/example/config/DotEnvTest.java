package dev.latchkey.example.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DotEnvTest {

    @Test
    void theGuidesProductionFileParses() {
        Map<String, String> values = DotEnv.parse("""
                # .env
                DEBUG=False
                SECRET_KEY=your-strong-secret-key-change-this
                DATABASE_URL=postgresql://postgres:2300@host:5432/platform_integration
                ACCESS_TOKEN_EXPIRE_MINUTES=15
                REFRESH_TOKEN_EXPIRE_DAYS=30
                """, ".env");

        assertThat(values).containsExactly(
                Map.entry("DEBUG", "False"),
                Map.entry("SECRET_KEY", "your-strong-secret-key-change-this"),
                Map.entry("DATABASE_URL", "postgresql://postgres:2300@host:5432/platform_integration"),
                Map.entry("ACCESS_TOKEN_EXPIRE_MINUTES", "15"),
                Map.entry("REFRESH_TOKEN_EXPIRE_DAYS", "30"));
    }

    @Test
    void quotesExportsCommentsAndBlankLinesAreUnderstood() {
        Map<String, String> values = DotEnv.parse("""
                export A=1

                B = two words # a comment
                C='single # kept'
                D="double \\"quoted\\"\\nline"
                E=
                F=value#not-a-comment
                """, ".env");

        assertThat(values).containsEntry("A", "1").containsEntry("B", "two words")
                .containsEntry("C", "single # kept").containsEntry("D", "double \"quoted\"\nline")
                .containsEntry("E", "").containsEntry("F", "value#not-a-comment");
    }

    @Test
    void windowsLineEndingsAndAByteOrderMarkAreTolerated() {
        assertThat(DotEnv.parse("\uFEFFA=1\r\nB=2\r\n", ".env")).containsEntry("A", "1").containsEntry("B", "2");
    }

    @Test
    void aMalformedLineIsReportedWithItsNumber() {
        assertThatThrownBy(() -> DotEnv.parse("A=1\nthis is not an assignment\n", ".env"))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining(".env line 2");
        assertThatThrownBy(() -> DotEnv.parse("A='unclosed\n", ".env"))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("line 1");
        assertThatThrownBy(() -> DotEnv.parse("A=\"unclosed\n", ".env"))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("line 1");
    }

    @Test
    void aMissingFileIsEmptyAndAnExistingOneIsRead(@TempDir Path dir) throws Exception {
        assertThat(DotEnv.read(dir.resolve(".env"))).isEmpty();
        Files.writeString(dir.resolve(".env"), "PORT=9000\n");
        assertThat(DotEnv.read(dir.resolve(".env"))).containsEntry("PORT", "9000");
    }
}
