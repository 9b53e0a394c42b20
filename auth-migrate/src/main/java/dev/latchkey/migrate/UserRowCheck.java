package dev.latchkey.migrate;

import dev.latchkey.core.StorableText;
import dev.latchkey.core.user.Emails;
import dev.latchkey.core.user.Registration;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Checks one legacy user row on its own: everything that does not depend on other rows or on what
 * Latchkey holds already. Counts the values it had to change as warnings.
 */
final class UserRowCheck {

    /** A row's outcome: staged, or rejected. */
    sealed interface Result permits Staged, Rejected {
    }

    /** The row may be imported, as far as it alone can tell. */
    record Staged(StagedUser user) implements Result {
    }

    /** The row cannot be imported. */
    record Rejected(Reject reject) implements Result {
    }

    static final Pattern UUID_FORM = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final int MAX_PHONE_LENGTH = 32;
    private static final int MIN_PHONE_LENGTH = 3;

    private final ZoneId zone;
    private final Instant importStart;
    private final Map<String, Long> warnings = new TreeMap<>();
    private final MessageDigest sha256;

    UserRowCheck(ZoneId zone, Instant importStart) {
        this.zone = zone;
        this.importStart = importStart;
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java platform has SHA-256", e);
        }
    }

    Map<String, Long> warnings() {
        return warnings;
    }

    Result check(LegacyUserRow row) {
        if (row.id() == null || !UUID_FORM.matcher(row.id()).matches()) {
            return reject(row, "invalid_id", row.id() == null ? "the id is NULL" : "the id is not a UUID");
        }
        UUID id = UUID.fromString(row.id());
        String email = row.email() == null ? null : row.email().strip();
        Optional<String> emailProblem = Emails.problem(email);
        if (emailProblem.isPresent()) {
            return reject(row, "invalid_email", emailProblem.get());
        }
        String name = row.realName();
        if (name == null || name.isBlank()) {
            return reject(row, "invalid_name", "the name is NULL or empty");
        }
        if (name.codePointCount(0, name.length()) > Registration.MAX_NAME_LENGTH) {
            return reject(row, "invalid_name", "the name is longer than " + Registration.MAX_NAME_LENGTH
                    + " characters");
        }
        if (!StorableText.isStorable(name)) {
            return reject(row, "invalid_name", "the name contains NUL or an unpaired surrogate");
        }
        String phone = row.phoneNumber() == null || row.phoneNumber().isBlank() ? null : row.phoneNumber();
        if (phone != null) {
            int length = phone.codePointCount(0, phone.length());
            if (length > MAX_PHONE_LENGTH || length < MIN_PHONE_LENGTH) {
                return reject(row, "invalid_phone", "the phone number must be " + MIN_PHONE_LENGTH + " to "
                        + MAX_PHONE_LENGTH + " characters long, was " + length);
            }
            if (!StorableText.isStorable(phone)) {
                return reject(row, "invalid_phone", "the phone number contains NUL or an unpaired surrogate");
            }
        }
        String hash = row.passwordHash();
        if (hash == null || hash.isBlank()) {
            return reject(row, "no_password", "the password hash is NULL or empty");
        }
        Optional<String> unsupported = HashSchemes.unsupported(hash);
        if (unsupported.isPresent()) {
            return reject(row, "unsupported_hash", unsupported.get());
        }
        Optional<Boolean> active = active(row.active());
        if (active.isEmpty()) {
            return reject(row, "invalid_active", "is_active is neither a number nor true/false");
        }
        if (!email.equals(row.email())) {
            warn("email trimmed");
        }
        Instant createdAt = LegacyTime.parse(row.createdAt(), zone).orElse(null);
        if (createdAt == null) {
            warn("created_at zero, invalid or NULL: import start time used");
            createdAt = importStart;
        }
        byte[] fingerprint = sha256(String.join("\u0000", id.toString(), email, name, phone == null ? "\u0001" : phone,
                hash, active.get() ? "1" : "0"));
        return new Staged(new StagedUser(row.id(), id, name, email, row.email(), phone, hash, active.get(), createdAt,
                fingerprint, sha256(hash)));
    }

    /** The flag a legacy value means: 0 and NULL inactive, any other number active; {@code t}/{@code f} too. */
    static Optional<Boolean> active(String value) {
        if (value == null) {
            return Optional.of(false);
        }
        String v = value.strip().toLowerCase(Locale.ROOT);
        switch (v) {
            case "t", "true" -> {
                return Optional.of(true);
            }
            case "f", "false", "" -> {
                return Optional.of(false);
            }
            default -> {
                try {
                    return Optional.of(new java.math.BigDecimal(v).signum() != 0);
                } catch (NumberFormatException e) {
                    return Optional.empty();
                }
            }
        }
    }

    private void warn(String kind) {
        warnings.merge(kind, 1L, Long::sum);
    }

    private static Rejected reject(LegacyUserRow row, String reason, String detail) {
        return new Rejected(new Reject("users", row.id(), row.email(), reason, detail));
    }

    private byte[] sha256(String text) {
        return sha256.digest(text.getBytes(StandardCharsets.UTF_8));
    }
}
