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
}
