package dev.latchkey.migrate;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.Optional;

/**
 * Reads a legacy time: {@code 2024-01-31 13:45:00} (a DATETIME, in the source's time zone),
 * optionally with fractions of a second and an offset ({@code +09}, {@code +09:00}, {@code Z}: a
 * PostgreSQL {@code timestamptz}), or a bare date. Zero dates and impossible dates are no time.
 */
final class LegacyTime {

    private static final DateTimeFormatter FORMAT = new DateTimeFormatterBuilder()
            .appendPattern("uuuu-MM-dd")
            .optionalStart()
            .optionalStart().appendLiteral(' ').optionalEnd()
            .optionalStart().appendLiteral('T').optionalEnd()
            .appendPattern("HH:mm")
            .optionalStart().appendPattern(":ss").optionalEnd()
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .optionalEnd()
            .optionalStart().parseLenient().appendOffset("+HH:MM:ss", "Z").parseStrict().optionalEnd()
            .toFormatter()
            .withResolverStyle(ResolverStyle.STRICT);

    private LegacyTime() {
    }

    /** The instant a legacy value names, read in {@code zone} unless it carries an offset. */
    static Optional<Instant> parse(String value, ZoneId zone) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        Optional<Instant> plain = plainDateTime(value, zone);
        if (plain != null) {
            return plain;
        }
        try {
            TemporalAccessor parsed = FORMAT.parse(value.strip());
            LocalDateTime local = parsed.isSupported(ChronoField.HOUR_OF_DAY)
                    ? LocalDateTime.of(java.time.LocalDate.from(parsed), java.time.LocalTime.from(parsed))
                    : java.time.LocalDate.from(parsed).atStartOfDay();
            if (parsed.isSupported(ChronoField.OFFSET_SECONDS)) {
                return Optional.of(OffsetDateTime.of(local,
                        java.time.ZoneOffset.ofTotalSeconds(parsed.get(ChronoField.OFFSET_SECONDS))).toInstant());
            }
            return Optional.of(local.atZone(zone).toInstant());
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }

    /**
     * The common form {@code uuuu-MM-dd HH:mm:ss} read without the general formatter, which costs
     * more than the rest of a row's checks; null for any other form.
     */
    private static Optional<Instant> plainDateTime(String v, ZoneId zone) {
        if (v.length() != 19 || v.charAt(4) != '-' || v.charAt(7) != '-' || v.charAt(10) != ' ' || v.charAt(13) != ':'
                || v.charAt(16) != ':') {
            return null;
        }
        int year = digits(v, 0, 4);
        int month = digits(v, 5, 7);
        int day = digits(v, 8, 10);
        int hour = digits(v, 11, 13);
        int minute = digits(v, 14, 16);
        int second = digits(v, 17, 19);
        if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) {
            return null;
        }
        try {
            return Optional.of(LocalDateTime.of(year, month, day, hour, minute, second).atZone(zone).toInstant());
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }

    private static int digits(String v, int from, int to) {
        int n = 0;
        for (int i = from; i < to; i++) {
            char c = v.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }
}
