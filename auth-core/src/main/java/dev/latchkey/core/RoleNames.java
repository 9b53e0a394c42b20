package dev.latchkey.core;

import java.util.Collection;
import java.util.Collections;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * What a role name may be: 1 to 64 characters, a lower-case ASCII letter first, then lower-case
 * letters, digits, {@code _}, {@code .}, {@code :} or {@code -}. Names are taken in any case and kept
 * in lower case, so {@code Admin} and {@code admin} are one role, and a framework that upper-cases
 * role names (Spring's {@code hasRole('ADMIN')}) maps them back without ambiguity.
 */
final class RoleNames {

    static final int MAX_LENGTH = 64;
    /** Checked before lower-casing, so no non-ASCII letter (the Kelvin sign, a dotted I) becomes an ASCII one. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_.:-]{0," + (MAX_LENGTH - 1) + "}");

    private RoleNames() {
    }

    /**
     * The name in lower case.
     *
     * @throws IllegalArgumentException naming {@code setting} if it is not a role name
     */
    static String normalise(String setting, String name) {
        String normal = lowerCase(name);
        if (normal == null) {
            throw new IllegalArgumentException(setting + " must be a role name (" + RULE + "), was "
                    + (name == null ? "null" : "'" + name + "'"));
        }
        return normal;
    }

    /**
     * The name in lower case, for a request.
     *
     * @throws ValidationException for field {@code role} if it is not a role name
     */
    static String fromRequest(String name) {
        String normal = lowerCase(name);
        if (normal == null) {
            throw ValidationException.of("role", "must be " + RULE);
        }
        return normal;
    }

    /** The names as a sorted, unmodifiable set. */
    static Set<String> sorted(Collection<String> names) {
        return Collections.unmodifiableSortedSet(new TreeSet<>(names));
    }

    private static final String RULE = "1 to " + MAX_LENGTH
            + " characters: a letter, then letters, digits, '_', '.', ':' or '-'";

    private static String lowerCase(String name) {
        if (name == null) {
            return null;
        }
        String stripped = name.strip();
        return NAME.matcher(stripped).matches() ? stripped.toLowerCase(Locale.ROOT) : null;
    }
}
