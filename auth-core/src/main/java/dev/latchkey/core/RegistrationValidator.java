package dev.latchkey.core;

import dev.latchkey.core.user.Emails;
import dev.latchkey.core.user.Registration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Checks a registration and normalises it. Every field is checked, so a client learns of every
 * problem at once. Names, emails and phone numbers are trimmed; passwords never are.
 */
final class RegistrationValidator {

    private static final Pattern PHONE = Pattern.compile("\\+?[0-9][0-9 ()\\-.]{2,30}");

    private RegistrationValidator() {
    }

    /**
     * The registration, trimmed, if every field is valid.
     *
     * @throws ValidationException listing every invalid field
     */
    static Registration validate(Registration input) {
        List<FieldError> errors = new ArrayList<>();
        String name = trim(input.realName());
        if (name == null || name.isEmpty()) {
            errors.add(new FieldError("real_name", "Name is required"));
        } else if (name.codePointCount(0, name.length()) > Registration.MAX_NAME_LENGTH) {
            errors.add(new FieldError("real_name", "Name must be at most " + Registration.MAX_NAME_LENGTH
                    + " characters long"));
        } else if (hasControlCharacters(name) || !StorableText.isStorable(name)) {
            errors.add(new FieldError("real_name", "Name must not contain control characters or unpaired surrogates"));
        }
        String email = trim(input.email());
        Emails.problem(email).ifPresent(message -> errors.add(new FieldError("email", message)));
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

    private static String trim(String value) {
        return value == null ? null : value.strip();
    }

    private static boolean hasControlCharacters(String value) {
        return value.codePoints().anyMatch(Character::isISOControl);
    }
}
