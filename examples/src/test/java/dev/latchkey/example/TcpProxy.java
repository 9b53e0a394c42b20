package dev.latchkey.example;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy on a loopback port in front of PostgreSQL that a test switches between three states:
 * open (bytes flow both ways); cut (every connection is reset, new ones are reset as soon as they
 * arrive: a database restart or a firewall that rejects); and stalled (connections stay up but no
 * byte moves in either direction until the proxy is opened again: a network partition, in which the
 * held bytes are delivered when it heals, as TCP would retransmit them).
 */
final class TcpProxy implements AutoCloseable {

    private enum State { OPEN, CUT, STALLED }

    private final ServerSocket listener;
    private final InetSocketAddress target;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final Object gate = new Object();
    private volatile State state = State.OPEN;
    private volatile boolean closed;

    TcpProxy(String targetHost, int targetPort) throws IOException {
        this.target = new InetSocketAddress(targetHost, targetPort);
        this.listener = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        daemon("proxy-accept", this::acceptLoop).start();
    }

    int port() {
        return listener.getLocalPort();
    }

    /** Resets every connection, and every new one until {@link #open()}. */
    void cut() {
        setState(State.CUT);
        for (Socket socket : sockets) {
            reset(socket);
        }
    }

    /** Holds every byte in both directions, on existing and new connections, until {@link #open()}. */
    void stall() {
        setState(State.STALLED);
    }

    void open() {
        setState(State.OPEN);
    }

    private void setState(State next) {
        synchronized (gate) {
            state = next;
            gate.notifyAll();
        }
    }

    /** Waits while stalled; returns whether bytes may flow (false once cut or closed). */
    private boolean awaitFlowing() {
        synchronized (gate) {
            while (state == State.STALLED && !closed) {
                try {
                    gate.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return state == State.OPEN && !closed;
        }
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return;
            }
            if (state == State.CUT) {
                reset(client);
                continue;
            }
            sockets.add(client);
            daemon("proxy-connect", () -> connect(client)).start();
        }
    }

    private void connect(Socket client) {
        Socket upstream = new Socket();
        sockets.add(upstream);
        try {
            if (!awaitFlowing()) {
                throw new IOException("cut");
            }
            upstream.connect(target, 5_000);
            upstream.setTcpNoDelay(true);
            client.setTcpNoDelay(true);
        } catch (IOException e) {
            reset(client);
            reset(upstream);
            return;
        }
        daemon("proxy-up", () -> pump(client, upstream)).start();
        daemon("proxy-down", () -> pump(upstream, client)).start();
    }

    private void pump(Socket from, Socket to) {
        byte[] buffer = new byte[16 * 1024];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            int n;
            while ((n = in.read(buffer)) >= 0) {
                if (!awaitFlowing()) {
                    break;
                }
                out.write(buffer, 0, n);
                out.flush();
            }
            // An orderly close on one side is passed on as one.
            if (state == State.OPEN) {
                to.shutdownOutput();
                return;
            }
        } catch (IOException e) {
            // Reset or closed: the pair goes.
        }
        reset(from);
        reset(to);
    }

    private void reset(Socket socket) {
        sockets.remove(socket);
        try {
            if (!socket.isClosed()) {
                socket.setSoLinger(true, 0);
            }
        } catch (IOException ignored) {
            // Closing anyway.
        }
        try {
            socket.close();
        } catch (IOException ignored) {
            // Already gone.
        }
    }

    private static Thread daemon(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        return t;
    }

    @Override
    public void close() {
        closed = true;
        setState(State.CUT);
        try {
            listener.close();
        } catch (IOException ignored) {
            // Closing.
        }
        for (Socket socket : sockets) {
            reset(socket);
        }
    }
}
