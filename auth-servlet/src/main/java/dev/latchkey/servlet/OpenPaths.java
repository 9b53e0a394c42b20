package dev.latchkey.servlet;

import java.util.List;

/**
 * The paths a {@link LatchkeyFilter} lets through without a token, relative to the context: an
 * exact path ({@code /health}: that path only), or a path ending in {@code /*}
 * ({@code /api/auth/*}: {@code /api/auth} and everything below it). They are matched against the
 * decoded, normalised path the container dispatches on.
 */
final class OpenPaths {

    private final List<String> paths;

    /**
     * @throws IllegalArgumentException for a path that does not start with '/', has a '*' other
     *     than a final "/*", or could never be a request's path (the firewall would refuse it)
     */
    OpenPaths(List<String> paths) {
        for (String path : paths) {
            if (path == null || !path.startsWith("/")) {
                throw new IllegalArgumentException("An open path starts with '/': " + path);
            }
            String plain = path.endsWith("/*") ? path.substring(0, path.length() - 1) : path;
            if (plain.indexOf('*') >= 0) {
                throw new IllegalArgumentException("An open path is exact or ends in '/*': " + path);
            }
            if (!RequestFirewall.admits(plain)) {
                throw new IllegalArgumentException("No request can have this open path: " + path);
            }
        }
        this.paths = List.copyOf(paths);
    }

    /** Whether a request to this path (decoded and normalised) needs no token. */
    boolean contain(String path) {
        for (String open : paths) {
            if (open.endsWith("/*")) {
                String base = open.substring(0, open.length() - 2);
                if (path.equals(base) || path.startsWith(base + "/")) {
                    return true;
                }
            } else if (path.equals(open)) {
                return true;
            }
        }
        return false;
    }
}
