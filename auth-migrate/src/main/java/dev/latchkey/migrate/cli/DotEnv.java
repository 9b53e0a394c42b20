package dev.latchkey.migrate.cli;

import dev.latchkey.migrate.InvalidImportException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a {@code .env} file, by the example service's rules (a team points both at one file), as the
 * guide's workflow writes them: {@code NAME=value} lines, blank
 * lines and {@code #} comments, an optional {@code export} prefix, values in single quotes (taken
 * as they are) or double quotes (with {@code \n}, {@code \"} and {@code \\} escapes), and
 * {@code # comments} after an unquoted value.
 */
final class DotEnv {

    private static final Pattern LINE =
            Pattern.compile("\\s*(?:export\\s+)?([A-Za-z_][A-Za-z0-9_]*)\\s*=\\s*(.*?)\\s*");

    private DotEnv() {
    }

    /**
     * The variables of a file; an empty map if it does not exist.
     *
     * @throws InvalidImportException if the file cannot be read or a line is malformed
     */
    static Map<String, String> read(Path file) {
        if (!Files.exists(file)) {
            return Map.of();
        }
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
        } catch (IOException e) {
            throw new InvalidImportException("Cannot read " + file + ": " + e.getMessage());
        }
    }

    /**
     * The variables of a file's text.
     *
     * @param source the file's name, for error messages
     * @throws InvalidImportException naming the line if one is malformed
     */
    static Map<String, String> parse(String text, String source) {
        Map<String, String> values = new LinkedHashMap<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (i == 0 && line.startsWith("\uFEFF")) {
                line = line.substring(1);
            }
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            Matcher m = LINE.matcher(line);
            if (!m.matches()) {
                throw new InvalidImportException(source + " line " + (i + 1)
                        + ": expected NAME=value, found '" + trimmed + "'");
            }
            values.put(m.group(1), value(m.group(2), source, i + 1));
        }
        return values;
    }

    private static String value(String raw, String source, int line) {
        if (raw.startsWith("'")) {
            int close = raw.indexOf('\'', 1);
            if (close < 0) {
                throw new InvalidImportException(source + " line " + line + ": unclosed single quote");
            }
            requireNothingAfter(raw.substring(close + 1), source, line);
            return raw.substring(1, close);
        }
        if (raw.startsWith("\"")) {
            StringBuilder out = new StringBuilder();
            for (int i = 1; i < raw.length(); i++) {
                char c = raw.charAt(i);
                if (c == '"') {
                    requireNothingAfter(raw.substring(i + 1), source, line);
                    return out.toString();
                }
                if (c == '\\' && i + 1 < raw.length()) {
                    char next = raw.charAt(++i);
                    out.append(switch (next) {
                        case 'n' -> '\n';
                        case 't' -> '\t';
                        default -> next;
                    });
                } else {
                    out.append(c);
                }
            }
            throw new InvalidImportException(source + " line " + line + ": unclosed double quote");
        }
        int comment = raw.indexOf(" #");
        return (comment >= 0 ? raw.substring(0, comment) : raw).strip();
    }

    private static void requireNothingAfter(String rest, String source, int line) {
        String after = rest.strip();
        if (!after.isEmpty() && !after.startsWith("#")) {
            throw new InvalidImportException(source + " line " + line + ": text after the closing quote");
        }
    }
}
