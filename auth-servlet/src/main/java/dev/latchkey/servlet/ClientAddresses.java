package dev.latchkey.servlet;

import dev.latchkey.core.ClientInfo;
import jakarta.servlet.http.HttpServletRequest;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Who a request came from. The socket's address, unless it is one of the configured trusted
 * proxies: then {@code Forwarded} (RFC 7239) or {@code X-Forwarded-For} is read from the right,
 * skipping trusted proxies, and the first address that is not one is the client. No proxy is
 * trusted by default, so by default those headers are ignored: a client cannot choose its address.
 */
final class ClientAddresses {

    private static final String UNKNOWN = "0.0.0.0";

    private final List<Network> trusted;

    ClientAddresses(List<String> trustedProxies) {
        List<Network> networks = new ArrayList<>();
        for (String entry : trustedProxies) {
            networks.add(Network.parse(entry.strip()));
        }
        this.trusted = List.copyOf(networks);
    }

    ClientInfo client(HttpServletRequest request) {
        return new ClientInfo(address(request), request.getHeader("User-Agent"));
    }

    String address(HttpServletRequest request) {
        String remote = literal(request.getRemoteAddr());
        if (remote == null) {
            return UNKNOWN;
        }
        if (!isTrusted(remote)) {
            return remote;
        }
        List<String> chain = forwardedChain(request);
        for (int i = chain.size() - 1; i >= 0; i--) {
            String hop = literal(chain.get(i));
            if (hop == null) {
                // A hop we cannot read: stop at the last address we can vouch for.
                return remote;
            }
            if (!isTrusted(hop)) {
                return hop;
            }
        }
        return chain.isEmpty() ? remote : literalOr(chain.get(0), remote);
    }

    private boolean isTrusted(String address) {
        for (Network network : trusted) {
            if (network.contains(address)) {
                return true;
            }
        }
        return false;
    }

    private static List<String> forwardedChain(HttpServletRequest request) {
        List<String> chain = new ArrayList<>();
        List<String> forwarded = Collections.list(request.getHeaders("Forwarded"));
        if (!forwarded.isEmpty()) {
            for (String header : forwarded) {
                for (String element : header.split(",")) {
                    for (String pair : element.split(";")) {
                        String[] kv = pair.strip().split("=", 2);
                        if (kv.length == 2 && kv[0].strip().toLowerCase(Locale.ROOT).equals("for")) {
                            chain.add(forwardedNode(kv[1].strip()));
                        }
                    }
                }
            }
            return chain;
        }
        for (String header : Collections.list(request.getHeaders("X-Forwarded-For"))) {
            for (String hop : header.split(",")) {
                chain.add(hop.strip());
            }
        }
        return chain;
    }

    /** {@code "[2001:db8::1]:4711"} or {@code 192.0.2.60:80} or {@code 192.0.2.60} to the address. */
    private static String forwardedNode(String value) {
        String node = value.replace("\"", "");
        if (node.startsWith("[")) {
            int end = node.indexOf(']');
            return end < 0 ? node : node.substring(1, end);
        }
        int colon = node.indexOf(':');
        return colon >= 0 && node.indexOf(':', colon + 1) < 0 ? node.substring(0, colon) : node;
    }

    private static String literalOr(String candidate, String fallback) {
        String literal = literal(candidate);
        return literal == null ? fallback : literal;
    }

    private static String literal(String candidate) {
        if (candidate == null) {
            return null;
        }
        String value = candidate.strip();
        if (value.startsWith("[") && value.endsWith("]")) {
            value = value.substring(1, value.length() - 1);
        }
        return ClientInfo.isIpLiteral(value) ? value : null;
    }

    /** An address or a CIDR block. */
    private record Network(byte[] address, int prefix) {

        static Network parse(String entry) {
            String[] parts = entry.split("/", 2);
            if (!ClientInfo.isIpLiteral(parts[0])) {
                throw new IllegalArgumentException("A trusted proxy must be an IP address or CIDR block, not '"
                        + entry + "'");
            }
            byte[] bytes = bytes(parts[0]);
            int prefix = bytes.length * 8;
            if (parts.length == 2) {
                try {
                    prefix = Integer.parseInt(parts[1]);
                } catch (NumberFormatException e) {
                    prefix = -1;
                }
                if (prefix < 0 || prefix > bytes.length * 8) {
                    throw new IllegalArgumentException("Bad prefix length in trusted proxy '" + entry + "'");
                }
            }
            return new Network(bytes, prefix);
        }

        boolean contains(String address) {
            byte[] other = bytes(address);
            if (other.length != this.address.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (other[i] != this.address[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = 0xff << (8 - rest) & 0xff;
            return (other[full] & mask) == (this.address[full] & mask);
        }

        private static byte[] bytes(String literal) {
            try {
                return InetAddress.getByName(literal).getAddress();
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("Not an IP address: " + literal, e);
            }
        }
    }
}
