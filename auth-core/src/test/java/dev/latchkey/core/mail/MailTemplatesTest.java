package dev.latchkey.core.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.core.onetime.TokenPurpose;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class MailTemplatesTest {

    private static final String TOKEN = "A".repeat(43);
    private final MailTemplates templates = MailTemplates.builder(URI.create("https://app.example.com/")).build();

    @Test
    void theLanguageIsTheFirstPreferredOneWithTemplatesElseTheDefault() {
        assertThat(templates.language(List.of(Locale.FRENCH, Locale.KOREA))).isEqualTo(Locale.KOREAN);
        assertThat(templates.language(List.of(Locale.FRENCH))).isEqualTo(Locale.ENGLISH);
        assertThat(MailTemplates.builder(URI.create("https://app.example.com/")).defaultLanguage(Locale.KOREAN).build()
                .language(List.of())).isEqualTo(Locale.KOREAN);
    }

    @Test
    void aResetMailCarriesTheLinkInTheFragmentAndTheLifetimeInBothBodies() {
        Mail mail = templates.render(TokenPurpose.PASSWORD_RESET, Locale.KOREAN, "김민수", "kim@example.com", TOKEN,
                Duration.ofMinutes(30));

        assertThat(mail.to()).isEqualTo("kim@example.com");
        assertThat(mail.subject()).isEqualTo("비밀번호 재설정");
        assertThat(mail.text()).contains("https://app.example.com/#reset-password?token=" + TOKEN).contains("30분");
        assertThat(mail.html()).contains("href=\"https://app.example.com/#reset-password?token=" + TOKEN + "\"");
        assertThat(mail.toString()).doesNotContain(TOKEN);
    }

    @Test
    void theBuiltInMailsCarryNoTextTheRegistrantChose() {
        // Anyone may register someone else's address with a name of their choosing ("Your account is
        // locked, unlock it at https://evil.example"): the built-in mails do not repeat it.
        String name = "user. Your account is locked! Unlock it at https://evil.example/unlock";
        for (TokenPurpose purpose : TokenPurpose.values()) {
            for (Locale language : List.of(Locale.ENGLISH, Locale.KOREAN)) {
                Mail mail = templates.render(purpose, language, name, "victim@example.com", TOKEN, Duration.ofHours(24));
                assertThat(mail.text()).doesNotContain("evil.example").contains(TOKEN);
                assertThat(mail.html()).doesNotContain("evil.example").contains(TOKEN);
            }
        }
    }

    @Test
    void valuesAreEscapedInTheHtmlBodyOfAHostsTemplate() {
        MailTemplates custom = MailTemplates.builder(URI.create("https://app.example.com/"))
                .template(TokenPurpose.EMAIL_VERIFICATION, Locale.ENGLISH,
                        new MailTemplate("Welcome", "Hi {name}", "<p>Hi {name}</p>"))
                .build();
        Mail mail = custom.render(TokenPurpose.EMAIL_VERIFICATION, Locale.ENGLISH, "<script>x</script>",
                "a@example.com", TOKEN, Duration.ofHours(24));

        assertThat(mail.html()).contains("&lt;script&gt;").doesNotContain("<script>");
        assertThat(mail.text()).contains("<script>x</script>");
    }

    @Test
    void aHostTemplateReplacesTheBuiltInOne() {
        MailTemplates custom = MailTemplates.builder(URI.create("https://app.example.com/app"))
                .template(TokenPurpose.PASSWORD_RESET, Locale.ENGLISH,
                        new MailTemplate("Reset at Acme", "Hi {name}: {link} ({minutes} min) {unknown}", null))
                .build();

        Mail mail = custom.render(TokenPurpose.PASSWORD_RESET, Locale.GERMAN, "Ann", "ann@example.com", TOKEN,
                Duration.ofMinutes(15));

        assertThat(mail.subject()).isEqualTo("Reset at Acme");
        assertThat(mail.text()).isEqualTo("Hi Ann: https://app.example.com/app#reset-password?token=" + TOKEN
                + " (15 min) {unknown}");
        assertThat(mail.html()).isNull();
    }

    @Test
    void aLinkBaseMustBeAnAbsoluteWebUrl() {
        assertThatThrownBy(() -> MailTemplates.builder(URI.create("/relative")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("linkBase");
        assertThatThrownBy(() -> MailTemplates.builder(URI.create("javascript:alert(1)")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MailTemplates.builder(URI.create("https://app.example.com/#x")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
