package dev.latchkey.core.token;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/**
 * Writes the JSON of an access token's header and claims straight into a {@link StringBuilder}:
 * strings escaped as RFC 8259 §7 asks, numbers in their plain form, lists and string-keyed maps
 * nested. The values are the ones {@link AccessTokenIssuer} checked already.
 */
final class JsonText {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private JsonText() {
    }

    /** Appends {@code "name":} after a comma unless {@code first}. */
    static StringBuilder name(StringBuilder out, String name, boolean first) {
        if (!first) {
            out.append(',');
        }
        return string(out, name).append(':');
    }

    /** Appends a JSON value: null, a string, a boolean, a number, a list or a map with string keys. */
    static StringBuilder value(StringBuilder out, Object value) {
        if (value == null) {
            return out.append("null");
        }
        if (value instanceof String text) {
            return string(out, text);
        }
        if (value instanceof Boolean flag) {
            return out.append(flag.booleanValue());
        }
        if (value instanceof Number number) {
            return out.append(number(number));
        }
        if (value instanceof List<?> list) {
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                value(out, list.get(i));
            }
            return out.append(']');
        }
        if (value instanceof Map<?, ?> map) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                name(out, (String) entry.getKey(), first);
                value(out, entry.getValue());
                first = false;
            }
            return out.append('}');
        }
        throw new IllegalArgumentException("Not a JSON value: " + value.getClass().getName());
    }

    /** Appends a JSON string. */
    static StringBuilder string(StringBuilder out, String text) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20) {
                        out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"');
    }

    /**
     * A number's JSON text. The JDK's own kinds write themselves; any other {@link Number} is read
     * through {@link BigDecimal}, so what it writes is a number or an {@link IllegalArgumentException}.
     */
    static String number(Number number) {
        if (number instanceof Integer || number instanceof Long || number instanceof Short || number instanceof Byte
                || number instanceof BigInteger) {
            return number.toString();
        }
        if (number instanceof Double || number instanceof Float) {
            double d = number.doubleValue();
            if (!Double.isFinite(d)) {
                throw new IllegalArgumentException(number + " is not a JSON number");
            }
            return number.toString();
        }
        if (number instanceof BigDecimal decimal) {
            return decimal.toString();
        }
        try {
            return new BigDecimal(number.toString()).toString();
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(number.getClass().getName() + " writes '" + number + "', not a number", e);
        }
    }
}
