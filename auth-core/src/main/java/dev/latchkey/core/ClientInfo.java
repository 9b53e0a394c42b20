package dev.latchkey.core;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * Where a request came from, as the host saw it: recorded on the session at login and as its
 * last use at every refresh.
 *
 * @param ipAddress the client's IP address, an IPv4 or IPv6 literal (the servlet layer decides
 *     which proxy headers to trust)
 * @param userAgent the {@code User-Agent} header, or null when the client sent none; cut at
 *     {@value #MAX_USER_AGENT_LENGTH} characters, NUL and unpaired surrogates replaced by U+FFFD
 */
public record ClientInfo(String ipAddress, String userAgent) {

    /** The longest User-Agent kept; longer ones are cut, not refused. */
    public static final int MAX_USER_AGENT_LENGTH = 512;

    private static final Pattern IPV6_CHARACTERS = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    /**
     * Checks the IP address, and bounds and cleans the User-Agent.
     *
     * @throws IllegalArgumentException if the address is not an IPv4 or IPv6 literal
     */
    public ClientInfo {
        if (!isIpLiteral(ipAddress)) {
            throw new IllegalArgumentException("ipAddress must be an IPv4 or IPv6 address");
        }
        if (userAgent != null && userAgent.length() > MAX_USER_AGENT_LENGTH) {
            userAgent = userAgent.substring(0, MAX_USER_AGENT_LENGTH);
        }
        // Recorded as it came, but never with what a store cannot keep (NUL, a cut surrogate pair).
        userAgent = StorableText.replaceUnstorable(userAgent);
    }

    /** Whether a string is an IPv4 (dotted quad) or IPv6 literal; never looks anything up. */
    public static boolean isIpLiteral(String text) {
        if (text == null) {
            return false;
        }
        if (isDottedQuad(text)) {
            return true;
        }
        if (text.indexOf(':') < 0 || !IPV6_CHARACTERS.matcher(text).matches()) {
            return false;
        }
        try {
            // Only hex digits, colons and dots reach here: parsed as a literal, no DNS.
            return InetAddress.getByName(text) != null;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** Four decimal numbers of 0 to 255 without leading zeros, joined by dots (checked on every refresh). */
    private static boolean isDottedQuad(String text) {
        int i = 0;
        for (int octet = 0; octet < 4; octet++) {
            if (octet > 0) {
                if (i >= text.length() || text.charAt(i) != '.') {
                    return false;
                }
                i++;
            }
            int start = i;
            int value = 0;
            while (i < text.length() && i - start < 3 && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
                value = value * 10 + text.charAt(i) - '0';
                i++;
            }
            int digits = i - start;
            if (digits == 0 || value > 255 || (digits > 1 && text.charAt(start) == '0')) {
                return false;
            }
        }
        return i == text.length();
    }

    /** A client known only by its IP address. */
    public static ClientInfo of(String ipAddress) {
        return new ClientInfo(ipAddress, null);
    }
}
