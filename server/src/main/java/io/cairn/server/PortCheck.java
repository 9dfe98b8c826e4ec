package io.cairn.server;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Fails fast, before anything starts, when the client port is taken. */
final class PortCheck {
    private PortCheck() {
    }

    static boolean isFree(HostPort endpoint) {
        if (endpoint.port() == 0) {
            return true;
        }
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(endpoint.host()), endpoint.port()));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
