package io.github.nginxmodelsync.testing;

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
 * A TCP relay on 127.0.0.1 in front of a server, so a test can make that server unreachable and bring it back on
 * the same address: {@link #cut()} closes the listening socket and every open connection, so new connections are
 * refused; {@link #restore()} listens again.
 */
public final class TcpRelay implements AutoCloseable {

    private final int targetPort;
    private final int port;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile ServerSocket listener;

    public TcpRelay(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.port = NginxServer.freePort();
        restore();
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** Listens again on the same port. */
    public synchronized void restore() throws IOException {
        if (listener != null && !listener.isClosed()) {
            return;
        }
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        listener = socket;
        Thread.ofVirtual().start(() -> accept(socket));
    }

    /** Refuses new connections and breaks the open ones. */
    public synchronized void cut() throws IOException {
        listener.close();
        for (Socket socket : open) {
            socket.close();
        }
        open.clear();
    }

    private void accept(ServerSocket socket) {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                open.add(client);
                Thread.ofVirtual().start(() -> connect(client));
            } catch (IOException e) {
                // closed by cut()
            }
        }
    }

    private void connect(Socket client) {
        try {
            Socket server = new Socket(InetAddress.getLoopbackAddress(), targetPort);
            open.add(server);
            Thread.ofVirtual().start(() -> pump(client, server));
            pump(server, client);
        } catch (IOException e) {
            close(client); // the target refused: the client sees its connection end
        }
    }

    private void pump(Socket from, Socket to) {
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            in.transferTo(out);
        } catch (IOException e) {
            // one side went away
        } finally {
            close(from);
            close(to);
        }
    }

    private void close(Socket socket) {
        open.remove(socket);
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        cut();
    }
}
