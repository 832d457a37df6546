package io.storageconsole.notification.service;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A mail server that accepts connections and never says a word, as a hung SMTP server does. */
final class HungSmtpServer implements AutoCloseable {

    private final ServerSocket server;
    private final List<Socket> accepted = new CopyOnWriteArrayList<>();

    HungSmtpServer() {
        try {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread acceptor = new Thread(this::acceptForever, "hung-smtp-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    int connections() {
        return accepted.size();
    }

    /** Whether the client of the first connection has given up on it (closed its end). */
    boolean firstClientHungUp() {
        Socket socket = accepted.get(0);
        try {
            socket.setSoTimeout(20);
            return socket.getInputStream().read() < 0;
        } catch (SocketTimeoutException stillWaiting) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    /** Closes every connection accepted so far, as a server that finally gives up; new ones are still accepted. */
    void hangUp() throws IOException {
        for (Socket socket : accepted) {
            socket.close();
        }
    }

    private void acceptForever() {
        while (!server.isClosed()) {
            try {
                accepted.add(server.accept());
            } catch (IOException closed) {
                return;
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket socket : accepted) {
            socket.close();
        }
    }
}
