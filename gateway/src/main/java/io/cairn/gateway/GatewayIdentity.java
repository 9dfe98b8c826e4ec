package io.cairn.gateway;

import java.nio.ByteBuffer;

/**
 * How this gateway presents itself to etcd clients: as a cluster member with a stable id
 * (derived from its advertised endpoint, so a restart on the same endpoint keeps it), a
 * name and its client URL.
 */
record GatewayIdentity(long memberId, String name, String clientUrl) {

    static GatewayIdentity of(String host, int port) {
        String endpoint = host + ":" + port;
        byte[] digest = ApiKeyVerifier.sha256("cairn-gateway@" + endpoint);
        long id = ByteBuffer.wrap(digest).getLong() & Long.MAX_VALUE;
        return new GatewayIdentity(id == 0 ? 1 : id, "gateway-" + endpoint, "http://" + endpoint);
    }

}
