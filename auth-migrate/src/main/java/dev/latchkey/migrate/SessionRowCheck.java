package dev.latchkey.migrate;

import dev.latchkey.core.StorableText;
import dev.latchkey.core.session.RefreshTokenHash;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Checks one legacy session row on its own: revoked and expired rows are skipped; a token or
 * address Latchkey cannot keep is rejected. Device names and User-Agents longer than Latchkey's
 * columns are cut, and counted as warnings.
 */
final class SessionRowCheck {

    /** A row's outcome: staged, skipped or rejected. */
    sealed interface Result permits Staged, Skipped, Rejected {
    }

    /** The row may be imported, as far as it alone can tell. */
    record Staged(StagedSession session) implements Result {
    }

    /** The row is left out on purpose. */
    record Skipped(String why) implements Result {
    }

    /** The row cannot be imported. */
    record Rejected(Reject reject) implements Result {
    }

    /** The longest legacy token Latchkey looks up: 4 KB. */
    static final int MAX_TOKEN_LENGTH = 4096;
    static final int MAX_DEVICE_NAME = 100;
    static final int MAX_USER_AGENT = 512;

    private static final Pattern PRINTABLE_ASCII = Pattern.compile("[\\x21-\\x7e]+");
    private static final Pattern IPV4 = Pattern.compile(
            "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern IPV6_CHARACTERS = Pattern.compile("[0-9A-Fa-f:.]+");

    private final ZoneId zone;
    private final Instant importStart;
    private final Map<String, Long> warnings = new TreeMap<>();

    SessionRowCheck(ZoneId zone, Instant importStart) {
        this.zone = zone;
        this.importStart = importStart;
    }

    Map<String, Long> warnings() {
        return warnings;
    }

    Result check(LegacySessionRow row) {
        if (UserRowCheck.active(row.revoked()).orElse(true)) {
            return new Skipped("revoked");
        }
        Optional<Instant> expiresAt = LegacyTime.parse(row.expiresAt(), zone);
        if (expiresAt.isPresent() && !expiresAt.get().isAfter(importStart)) {
            return new Skipped("expired");
        }
        if (row.userId() == null || !UserRowCheck.UUID_FORM.matcher(row.userId()).matches()) {
            return new Skipped("user not imported");
        }
        String token = row.token();
        if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_LENGTH
                || !PRINTABLE_ASCII.matcher(token).matches()) {
            return reject(row, "invalid_token", token == null || token.isEmpty() ? "the token is NULL or empty"
                    : token.length() > MAX_TOKEN_LENGTH ? "the token is longer than " + MAX_TOKEN_LENGTH + " characters"
                    : "the token holds characters other than printable ASCII");
        }
        if (expiresAt.isEmpty()) {
            return reject(row, "invalid_expiry", "expires_at is zero, invalid or NULL");
        }
        String ip = row.ipAddress() == null ? null : row.ipAddress().strip();
        if (!isIpAddress(ip)) {
            return reject(row, "invalid_ip", ip == null || ip.isEmpty() ? "the IP address is NULL or empty"
                    : "not an IP address");
        }
        Instant createdAt = LegacyTime.parse(row.createdAt(), zone).orElse(null);
        if (createdAt == null) {
            warn("session created_at zero, invalid or NULL: import start time used");
            createdAt = importStart;
        }
        if (!expiresAt.get().isAfter(createdAt)) {
            return reject(row, "invalid_expiry", "expires_at is not after created_at");
        }
        return new Staged(new StagedSession(row.id(), UUID.fromString(row.userId()),
                RefreshTokenHash.of(token).toBytes(), bounded(row.deviceInfo(), MAX_DEVICE_NAME, "device_info"),
                ip, bounded(row.userAgent(), MAX_USER_AGENT, "user_agent"), createdAt, expiresAt.get()));
    }

    /** Whether the text is an IPv4 or IPv6 address, literally: no host name is ever looked up. */
    static boolean isIpAddress(String ip) {
        if (ip == null || ip.isEmpty()) {
            return false;
        }
        if (IPV4.matcher(ip).matches()) {
            return true;
        }
        if (!ip.contains(":") || !IPV6_CHARACTERS.matcher(ip).matches()) {
            return false;
        }
        try {
            // A literal with a colon is parsed as IPv6 and never resolved.
            return InetAddress.getByName("[" + ip + "]") != null;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private String bounded(String value, int max, String column) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        String storable = StorableText.replaceUnstorable(value);
        if (storable.codePointCount(0, storable.length()) <= max) {
            return storable;
        }
        warn(column + " longer than " + max + " characters: cut");
        return storable.substring(0, storable.offsetByCodePoints(0, max));
    }

    private void warn(String kind) {
        warnings.merge(kind, 1L, Long::sum);
    }

    private static Rejected reject(LegacySessionRow row, String reason, String detail) {
        return new Rejected(new Reject("refresh_tokens", row.id(), null, reason,
                detail + (row.userId() == null ? "" : " (user " + row.userId() + ")")));
    }
}
