package dev.latchkey.core.internal;

import dev.latchkey.core.FieldError;
import dev.latchkey.core.ValidationException;
import dev.latchkey.core.user.Registration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Checks a registration and normalises it. Every field is checked, so a client learns of every
 * problem at once. Names, emails and phone numbers are trimmed; passwords never are.
 */
public final class RegistrationValidator {

    /** The longest email (RFC 5321's path limit). */
    public static final int MAX_EMAIL_LENGTH = 254;
    /** The longest name, in characters. */
    public static final int MAX_NAME_LENGTH = 100;

    // Practical address syntax: a dot-atom local part, and a domain of at least two labels.
    private static final Pattern EMAIL = Pattern.compile(
            "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
                    + "@([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");
    private static final Pattern PHONE = Pattern.compile("\\+?[0-9][0-9 ()\\-.]{2,30}");

    private RegistrationValidator() {
    }

    /**
     * The registration, trimmed, if every field is valid.
     *
     * @throws ValidationException listing every invalid field
     */
    public static Registration validate(Registration input) {
        List<FieldError> errors = new ArrayList<>();
        String name = trim(input.realName());
        if (name == null || name.isEmpty()) {
            errors.add(new FieldError("real_name", "Name is required"));
        } else if (name.codePointCount(0, name.length()) > MAX_NAME_LENGTH) {
            errors.add(new FieldError("real_name", "Name must be at most " + MAX_NAME_LENGTH + " characters long"));
        } else if (hasControlCharacters(name) || !Text.isStorable(name)) {
            errors.add(new FieldError("real_name", "Name must not contain control characters or unpaired surrogates"));
        }
        String email = trim(input.email());
        emailProblem(email).ifPresent(message -> errors.add(new FieldError("email", message)));
        String phone = trim(input.phoneNumber());
        if (phone != null && phone.isEmpty()) {
            phone = null;
        }
        if (phone != null && !PHONE.matcher(phone).matches()) {
            errors.add(new FieldError("phone_number",
                    "Phone number must be 3 to 32 digits, spaces, dashes, dots or parentheses, optionally after +"));
        }
        PasswordPolicy.problem(input.password()).ifPresent(message -> errors.add(new FieldError("password", message)));
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        return new Registration(name, email, phone, input.password());
    }

    /** Why an email is not acceptable, if it is not. */
    public static java.util.Optional<String> emailProblem(String email) {
        if (email == null || email.isEmpty()) {
            return java.util.Optional.of("Email is required");
        }
        if (email.length() > MAX_EMAIL_LENGTH) {
            return java.util.Optional.of("Email must be at most " + MAX_EMAIL_LENGTH + " characters long");
        }
        int at = email.lastIndexOf('@');
        if (!EMAIL.matcher(email).matches() || at > 64) {
            return java.util.Optional.of("Not a valid email address");
        }
        return java.util.Optional.empty();
    }

    /** The form emails are compared in: lower case, without surrounding white space. */
    public static String normaliseEmail(String email) {
        return email == null ? "" : email.strip().toLowerCase(Locale.ROOT);
    }

    private static String trim(String value) {
        return value == null ? null : value.strip();
    }

    private static boolean hasControlCharacters(String value) {
        return value.codePoints().anyMatch(Character::isISOControl);
    }
}
