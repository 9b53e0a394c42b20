package dev.latchkey.example;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.eclipse.jetty.io.Connection;

/**
 * At most {@code max} open connections per client address: a further one is closed as soon as it
 * is accepted, before it can hold a request thread. Jetty's own {@code ConnectionLimit} and
 * {@code NetworkConnectionLimit} count all connections together, so one address that fills them
 * locks everyone else out; {@code ThreadLimitHandler} limits requests per address but parks the
 * excess ones (connection open, nothing read) instead of refusing them. The address is the
 * socket's: behind a reverse proxy every client has the proxy's, and the limit belongs in the proxy.
 */
final class ConnectionsPerAddress implements Connection.Listener {

    private final int max;
    private final ConcurrentMap<InetAddress, Integer> open = new ConcurrentHashMap<>();
    // The address each open connection was counted under: a closed socket no longer tells it.
    private final ConcurrentMap<Connection, InetAddress> counted = new ConcurrentHashMap<>();

    ConnectionsPerAddress(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("max must be at least 1, was " + max);
        }
        this.max = max;
    }

    @Override
    public void onOpened(Connection connection) {
        SocketAddress remote = connection.getEndPoint().getRemoteSocketAddress();
        if (!(remote instanceof InetSocketAddress inet) || inet.getAddress() == null) {
            return;
        }
        counted.put(connection, inet.getAddress());
        if (open.merge(inet.getAddress(), 1, Integer::sum) > max) {
            connection.getEndPoint().close();
        }
    }

    @Override
    public void onClosed(Connection connection) {
        InetAddress address = counted.remove(connection);
        if (address != null) {
            open.computeIfPresent(address, (a, n) -> n == 1 ? null : n - 1);
        }
    }
}
