package dev.latchkey.core;

/**
 * Where a request came from, as the host saw it: recorded on the session at login and as its
 * last use at every refresh.
 *
 * @param ipAddress the client's IP address (never null; the servlet layer decides which proxy
 *     headers to trust)
 * @param userAgent the {@code User-Agent} header, or null when the client sent none
 */
public record ClientInfo(String ipAddress, String userAgent) {

    /** The longest User-Agent kept; longer ones are cut, not refused. */
    public static final int MAX_USER_AGENT_LENGTH = 512;

    /** Checks the IP address and bounds the User-Agent. */
    public ClientInfo {
        if (ipAddress == null || ipAddress.isBlank()) {
            throw new IllegalArgumentException("ipAddress must not be blank");
        }
        if (userAgent != null && userAgent.length() > MAX_USER_AGENT_LENGTH) {
            userAgent = userAgent.substring(0, MAX_USER_AGENT_LENGTH);
        }
    }

    /** A client known only by its IP address. */
    public static ClientInfo of(String ipAddress) {
        return new ClientInfo(ipAddress, null);
    }
}
