package dev.latchkey.core.mail;

import dev.latchkey.core.onetime.TokenPurpose;
import java.net.URI;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The mails Latchkey sends, in English and Korean built in, each replaceable and more languages
 * addable by the host. Links are the configured base URL with the token in the fragment
 * ({@code <base>#reset-password?token=…}, {@code <base>#verify-email?token=…}): a browser never
 * sends a fragment to a server, so the token stays out of access logs and {@code Referer} headers;
 * the page at the base URL reads it and posts it to the API.
 *
 * <pre>{@code
 * MailTemplates templates = MailTemplates.builder(URI.create("https://app.example.com/"))
 *         .defaultLanguage(Locale.KOREAN)
 *         .template(TokenPurpose.PASSWORD_RESET, Locale.ENGLISH, new MailTemplate("Reset", "…{link}…", null))
 *         .build();
 * }</pre>
 */
public final class MailTemplates {

    private final URI linkBase;
    private final String defaultLanguage;
    private final Map<TokenPurpose, Map<String, MailTemplate>> templates;

    private MailTemplates(Builder b) {
        this.linkBase = b.linkBase;
        this.defaultLanguage = b.defaultLanguage;
        Map<TokenPurpose, Map<String, MailTemplate>> copy = new EnumMap<>(TokenPurpose.class);
        b.templates.forEach((purpose, byLanguage) -> copy.put(purpose, Map.copyOf(byLanguage)));
        this.templates = copy;
    }

    /** A builder with the built-in English and Korean templates and English as the default. */
    public static Builder builder(URI linkBase) {
        return new Builder(linkBase);
    }

    /** The base URL of the links. */
    public URI linkBase() {
        return linkBase;
    }

    /**
     * The language to write in for a reader who prefers {@code preferred} (best first, as an
     * {@code Accept-Language} header lists them): the first one there is a template for, else the
     * default language.
     */
    public Locale language(List<Locale> preferred) {
        for (Locale locale : preferred) {
            String language = locale.getLanguage();
            if (templates.values().stream().allMatch(byLanguage -> byLanguage.containsKey(language))) {
                return Locale.forLanguageTag(language);
            }
        }
        return Locale.forLanguageTag(defaultLanguage);
    }

    /** The link a token of {@code purpose} is sent in. */
    public String link(TokenPurpose purpose, String token) {
        String base = linkBase.toString();
        String fragment = purpose == TokenPurpose.PASSWORD_RESET ? "reset-password" : "verify-email";
        return base + "#" + fragment + "?token=" + token;
    }

    /**
     * The mail that carries {@code token}.
     *
     * @param language the language ({@link #language}); the default one if there is no template in it
     */
    public Mail render(TokenPurpose purpose, Locale language, String name, String email, String token,
            Duration validFor) {
        Map<String, MailTemplate> byLanguage = templates.get(purpose);
        MailTemplate template = byLanguage.getOrDefault(language.getLanguage(), byLanguage.get(defaultLanguage));
        Map<String, String> values = Map.of(
                "name", name,
                "email", email,
                "link", link(purpose, token),
                "minutes", Long.toString(validFor.toMinutes()),
                "hours", Long.toString(validFor.toHours()));
        return new Mail(email, fill(template.subject(), values, false), fill(template.text(), values, false),
                template.html() == null ? null : fill(template.html(), values, true));
    }

    private static String fill(String text, Map<String, String> values, boolean html) {
        StringBuilder out = new StringBuilder(text.length() + 128);
        int i = 0;
        while (i < text.length()) {
            int open = text.indexOf('{', i);
            int close = open < 0 ? -1 : text.indexOf('}', open);
            String value = close < 0 ? null : values.get(text.substring(open + 1, close));
            if (value == null) {
                int end = open < 0 ? text.length() : open + 1;
                out.append(text, i, end);
                i = end;
                continue;
            }
            out.append(text, i, open).append(html ? escapeHtml(value) : value);
            i = close + 1;
        }
        return out.toString();
    }

    private static String escapeHtml(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (char c : value.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** Builds {@link MailTemplates}; starts with the built-in templates. */
    public static final class Builder {
        private final URI linkBase;
        private String defaultLanguage = "en";
        private final Map<TokenPurpose, Map<String, MailTemplate>> templates = new EnumMap<>(TokenPurpose.class);

        private Builder(URI linkBase) {
            Objects.requireNonNull(linkBase, "linkBase");
            String scheme = linkBase.getScheme();
            if (!linkBase.isAbsolute() || !("https".equalsIgnoreCase(scheme) || "http".equalsIgnoreCase(scheme))
                    || linkBase.getHost() == null || linkBase.getRawFragment() != null) {
                throw new IllegalArgumentException(
                        "linkBase must be an absolute http or https URL without a fragment, was " + linkBase);
            }
            this.linkBase = linkBase;
            for (TokenPurpose purpose : TokenPurpose.values()) {
                templates.put(purpose, new HashMap<>());
            }
            templates.get(TokenPurpose.PASSWORD_RESET).put("en", BuiltIn.RESET_EN);
            templates.get(TokenPurpose.PASSWORD_RESET).put("ko", BuiltIn.RESET_KO);
            templates.get(TokenPurpose.EMAIL_VERIFICATION).put("en", BuiltIn.VERIFY_EN);
            templates.get(TokenPurpose.EMAIL_VERIFICATION).put("ko", BuiltIn.VERIFY_KO);
        }

        /** The language used when the reader's is unknown or has no template (default English). */
        public Builder defaultLanguage(Locale value) {
            String language = Objects.requireNonNull(value, "defaultLanguage").getLanguage();
            if (language.isEmpty()) {
                throw new IllegalArgumentException("defaultLanguage must name a language, was " + value);
            }
            this.defaultLanguage = language;
            return this;
        }

        /** Sets (or replaces) the template of one kind of mail in one language. */
        public Builder template(TokenPurpose purpose, Locale language, MailTemplate template) {
            Objects.requireNonNull(purpose, "purpose");
            String code = Objects.requireNonNull(language, "language").getLanguage();
            if (code.isEmpty()) {
                throw new IllegalArgumentException("language must name a language, was " + language);
            }
            templates.get(purpose).put(code, Objects.requireNonNull(template, "template"));
            return this;
        }

        /**
         * The templates.
         *
         * @throws IllegalStateException if a kind of mail has no template in the default language
         */
        public MailTemplates build() {
            for (TokenPurpose purpose : TokenPurpose.values()) {
                if (!templates.get(purpose).containsKey(defaultLanguage)) {
                    throw new IllegalStateException("No " + purpose + " template in the default language "
                            + defaultLanguage);
                }
            }
            return new MailTemplates(this);
        }
    }

    /** The built-in wording. */
    private static final class BuiltIn {
        static final MailTemplate RESET_EN = new MailTemplate(
                "Reset your password",
                """
                Hello,

                Someone asked to reset the password of the account {email}. To choose a new password, open
                this link within {minutes} minutes:

                {link}

                The link works once. If you did not ask for this, ignore this mail: your password stays as it is.
                """,
                """
                <p>Hello,</p>
                <p>Someone asked to reset the password of the account {email}. To choose a new password, open
                this link within {minutes} minutes:</p>
                <p><a href="{link}">Reset your password</a></p>
                <p>The link works once. If you did not ask for this, ignore this mail: your password stays as it is.</p>
                """);
        static final MailTemplate RESET_KO = new MailTemplate(
                "비밀번호 재설정",
                """
                안녕하세요.

                {email} 계정의 비밀번호 재설정이 요청되었습니다. {minutes}분 안에 아래 링크를 열어 새 비밀번호를 정하세요.

                {link}

                링크는 한 번만 쓸 수 있습니다. 요청하지 않으셨다면 이 메일을 무시하세요. 비밀번호는 바뀌지 않습니다.
                """,
                """
                <p>안녕하세요.</p>
                <p>{email} 계정의 비밀번호 재설정이 요청되었습니다. {minutes}분 안에 아래 링크를 열어 새 비밀번호를 정하세요.</p>
                <p><a href="{link}">비밀번호 재설정</a></p>
                <p>링크는 한 번만 쓸 수 있습니다. 요청하지 않으셨다면 이 메일을 무시하세요. 비밀번호는 바뀌지 않습니다.</p>
                """);
        static final MailTemplate VERIFY_EN = new MailTemplate(
                "Confirm your email address",
                """
                Hello,

                Please confirm that {email} is your address by opening this link within {hours} hours:

                {link}

                If you did not create an account, ignore this mail.
                """,
                """
                <p>Hello,</p>
                <p>Please confirm that {email} is your address by opening this link within {hours} hours:</p>
                <p><a href="{link}">Confirm your email address</a></p>
                <p>If you did not create an account, ignore this mail.</p>
                """);
        static final MailTemplate VERIFY_KO = new MailTemplate(
                "이메일 주소 확인",
                """
                안녕하세요.

                {email} 주소가 본인의 것인지 확인하려면 {hours}시간 안에 아래 링크를 여세요.

                {link}

                계정을 만든 적이 없다면 이 메일을 무시하세요.
                """,
                """
                <p>안녕하세요.</p>
                <p>{email} 주소가 본인의 것인지 확인하려면 {hours}시간 안에 아래 링크를 여세요.</p>
                <p><a href="{link}">이메일 주소 확인</a></p>
                <p>계정을 만든 적이 없다면 이 메일을 무시하세요.</p>
                """);

        private BuiltIn() {
        }
    }
}
