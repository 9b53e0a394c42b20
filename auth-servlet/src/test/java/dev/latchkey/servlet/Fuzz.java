package dev.latchkey.servlet;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Random input for the endpoint fuzzing suite, from a seeded generator so that every run sends the
 * same cases: strings of every kind (controls, NUL, lone surrogates, emoji, Korean, long), JSON of
 * any shape, text that is not JSON, bytes that are not UTF-8, Authorization values. Edge values
 * (empty strings, extreme numbers) come up often on purpose.
 */
final class Fuzz {

    private static final List<String> SPECIAL_STRINGS = List.of("", " ", "\u0000", "😀".repeat(200), "a".repeat(5_000),
            "null", "' OR 1=1 --", "<script>alert(1)</script>", "test@example.com", "testpassword123", "\uD800",
            "\uDC00x", "fuzz@example.com\u0000", "İ@example.com", "\u202Eevil", "\r\n", "%00", "../../etc/passwd");
    private static final List<Object> SPECIAL_NUMBERS = List.of(0, -1, 1, Integer.MAX_VALUE, Integer.MIN_VALUE,
            Long.MAX_VALUE, Long.MIN_VALUE, 0.0, -0.0, 1e308, -1e-308, Double.MAX_VALUE, Double.MIN_VALUE);
    private static final List<String> NOT_JSON = List.of("{", "}", "[", "{\"email\":", "{'email':'x'}", "{\"a\":1,}",
            "NaN", "{\"a\":NaN}", "\u0000{}", "{} []", "{\"email\":\"a\",\"email\":\"b\"}", "[".repeat(50_000),
            "{\"email\":\"a\"}garbage", "\uFEFF{}", "/* */{}", "{\"a\":01}", "{\"a\":\"\\x41\"}");

    private static final ObjectMapper ESCAPING = JsonMapper.builder()
            .enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

    private final SplittableRandom random;

    Fuzz(long seed) {
        this.random = new SplittableRandom(seed);
    }

    <T> T oneOf(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    /** A string of any UTF-16 code units, unpaired surrogates included. */
    String anyString(int maxLength) {
        int length = random.nextInt(maxLength + 1);
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append((char) random.nextInt(Character.MAX_VALUE + 1));
        }
        return out.toString();
    }

    private String stringOf(char from, char to, int maxLength) {
        int length = random.nextInt(maxLength + 1);
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append((char) (from + random.nextInt(to - from + 1)));
        }
        return out.toString();
    }

    /** Strings of every kind: any code units, controls, Korean, and a list of known troublemakers. */
    String nastyString() {
        return switch (random.nextInt(4)) {
            case 0 -> anyString(40);
            case 1 -> stringOf('\u0000', '\u001f', 10);
            case 2 -> stringOf('가', '힣', 30);
            default -> oneOf(SPECIAL_STRINGS);
        };
    }

    private Object scalar() {
        return switch (random.nextInt(7)) {
            case 0, 1 -> nastyString();
            case 2 -> random.nextInt();
            case 3 -> random.nextLong();
            case 4 -> random.nextBoolean() ? random.nextDouble() * 1e6 - 5e5 : oneOf(SPECIAL_NUMBERS);
            case 5 -> random.nextBoolean();
            default -> null;
        };
    }

    /** A JSON value of any shape, nested up to {@code depth}. */
    Object jsonValue(int depth) {
        int kind = depth == 0 ? 0 : random.nextInt(3);
        if (kind == 0) {
            return scalar();
        }
        int size = random.nextInt(5);
        if (kind == 1) {
            List<Object> list = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                list.add(jsonValue(depth - 1));
            }
            return list;
        }
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < size; i++) {
            map.put(nastyString(), jsonValue(depth - 1));
        }
        return map;
    }

    /** An object with some of {@code fields}, each with a value of any type. */
    Map<String, Object> objectOf(List<String> fields) {
        Map<String, Object> map = new LinkedHashMap<>();
        int size = 1 + random.nextInt(fields.size());
        for (int i = 0; i < size; i++) {
            map.put(oneOf(fields), jsonValue(2));
        }
        return map;
    }

    /**
     * An object with every one of {@code fields}, each a string of any kind, sometimes a valid value
     * instead: the input that reaches storage, where PostgreSQL refuses what memory keeps.
     */
    Map<String, Object> stringsFor(List<String> fields, Map<String, String> valid) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (String field : fields) {
            map.put(field, random.nextInt(3) == 0 && valid.containsKey(field) ? valid.get(field) : nastyString());
        }
        return map;
    }

    /** Text that is usually not JSON. */
    String anyText() {
        return random.nextInt(3) == 0 ? oneOf(NOT_JSON) : anyString(200);
    }

    /** Random bytes followed by an invalid UTF-8 sequence inside what starts like an object. */
    byte[] invalidUtf8() {
        byte[] bytes = new byte[1 + random.nextInt(64)];
        random.nextBytes(bytes);
        byte[] withBadByte = Arrays.copyOf(bytes, bytes.length + 3);
        withBadByte[bytes.length] = (byte) '{';
        withBadByte[bytes.length + 1] = (byte) 0xC3;
        withBadByte[bytes.length + 2] = (byte) 0x28;
        return withBadByte;
    }

    /** An Authorization value: printable text, with or without the Bearer scheme. */
    String authorization() {
        return switch (random.nextInt(3)) {
            case 0 -> stringOf(' ', '~', 300);
            case 1 -> "Bearer " + stringOf(' ', '~', 300);
            default -> "Bearer " + tokenLike(400);
        };
    }

    private String tokenLike(int maxLength) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789.-_";
        int length = random.nextInt(maxLength + 1);
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return out.toString();
    }

    /**
     * The value as JSON bytes: half the time with every non-ASCII character escaped, which is the
     * only way a lone surrogate ({@code \\ud800}) reaches the server intact; else as UTF-8.
     */
    byte[] toJson(Object value) {
        try {
            return (random.nextBoolean() ? ESCAPING : Json.MAPPER).writeValueAsString(value)
                    .getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
