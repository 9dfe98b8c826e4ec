package io.cairn.gateway;

import io.cairn.controlplane.client.PlacementClient;
import io.cairn.gateway.concurrency.ElectionCore;
import io.cairn.gateway.concurrency.LockCore;
import io.cairn.gateway.watch.WatchSettings;
import io.helidon.webserver.WebServer;
import io.cairn.gateway.front.SharedPortServer;
import java.net.InetSocketAddress;
import java.util.List;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires the gateway: one public port speaking etcd's gRPC (grpc-java) and REST (Helidon, on a
 * loopback listener the port relays to). Nothing here decides anything about a request.
 */
final class HelidonGateway implements Gateway {
    private static final Logger LOG = LoggerFactory.getLogger(HelidonGateway.class);
    /**
     * Room above the largest request so the size check is ours and answers etcd's "request is too
     * large" (etcd itself answers RESOURCE_EXHAUSTED beyond 2 MiB; we keep the clearer message up to 4x).
     */
    private static final int GRPC_OVERHEAD_BYTES = 512 * 1024;

    private final SharedPortServer server;
    private final WebServer rest;
    private final RouteCache routes;
    private final NodeChannels channels;
    private final ShardRouter router;
    private final WatchSessions watches;

    private HelidonGateway(SharedPortServer server, WebServer rest, RouteCache routes, NodeChannels channels, ShardRouter router,
                           WatchSessions watches) {
        this.server = server;
        this.rest = rest;
        this.watches = watches;
        this.routes = routes;
        this.channels = channels;
        this.router = router;
    }

    static HelidonGateway start(GatewayConfig config, PlacementClient placement, GatewayTuning tuning) {
        RouteCache routes = new RouteCache(placement);
        NodeChannels channels = new NodeChannels();
        ShardRouter router = new ShardRouter(routes, channels, tuning.retry());
        WatchSessions watches = null;
        WebServer rest = null;
        try {
            Authenticator authenticator = new Authenticator(
                    new ApiKeyVerifier(placement, tuning.apiKeyCacheTtl(), Clock.systemUTC()),
                    new TokenStore(tuning.tokenTtl(), Clock.systemUTC()), placement, config);
            // The member id depends on the advertised endpoint; with port 0 it is fixed
            // after binding, so the cores read the identity through a holder.
            AtomicReference<GatewayIdentity> identity = new AtomicReference<>();
            ResponseHeaders headers = new ResponseHeaders(routes, identity::get);
            LeaseCore leases = new LeaseCore(router, headers);
            KvCore kv = new KvCore(router, new RequestValidator(config.maxRequestBytes(), config.maxTxnOps()),
                    placement, headers, leases);
            ClusterCore cluster = new ClusterCore(placement, routes, channels, router, headers, identity::get, authenticator);
            HttpFront http = new HttpFront(authenticator);
            WatchSessions sessions = new WatchSessions(new GatewayWatchBackend(routes, channels, placement, headers),
                    WatchSettings.withProgressNotify(config.watchProgressNotifyInterval()));
            watches = sessions;
            TenantStores stores = new TenantStores(kv, leases, sessions);
            rest = WebServer.builder()
                    .host("127.0.0.1")
                    .port(0)
                    .enableProxyProtocol(true)
                    .shutdownHook(false)
                    .connectionOptions(socket -> socket.tcpNoDelay(true))
                    .maxPayloadSize(2L * config.maxRequestBytes() + 64 * 1024)
                    .routing(rules -> rules.register(
                            new EtcdJsonService(http, kv, cluster),
                            new LeaseJsonService(http, leases),
                            new LockJsonService(http, new LockCore(), stores),
                            new ElectionJsonService(http, new ElectionCore(), stores),
                            new PlainKvService(http, kv),
                            new WatchJsonService(http, sessions),
                            new AdminJsonService(http, new AdminCredential(config.adminToken(), authenticator),
                                    new AdminCore(placement))))
                    .build()
                    .start();
            if (!rest.isRunning() || rest.port() <= 0) {
                throw new IllegalStateException("cannot listen on 127.0.0.1 for the REST relay");
            }
            SharedPortServer server = SharedPortServer.start(config.host(), config.port(),
                    new InetSocketAddress("127.0.0.1", rest.port()),
                    4 * config.maxRequestBytes() + GRPC_OVERHEAD_BYTES,
                    new GrpcAuthInterceptor(authenticator),
                    List.of(new KvGrpcService(kv).bindService(),
                            UnservedMethods.withUnserved(new MaintenanceGrpcService(cluster)).bindService(),
                            UnservedMethods.withUnserved(new ClusterGrpcService(cluster)).bindService(),
                            UnservedMethods.withUnserved(new AuthGrpcService(cluster)).bindService(),
                            new WatchGrpcService(sessions).bindService(),
                            new LeaseGrpcService(leases).bindService(),
                            new LockGrpcService(new LockCore(), stores).bindService(),
                            new ElectionGrpcService(new ElectionCore(), stores).bindService()),
                    ErrorMapper.toGrpc(new GatewayException(
                            new GatewayError.Unavailable("cairn: the gateway is shutting down"))));
            identity.set(GatewayIdentity.of(config.host(), server.port()));
            LOG.info("gateway serving etcd gRPC and REST on {}:{}", config.host(), server.port());
            return new HelidonGateway(server, rest, routes, channels, router, sessions);
        } catch (RuntimeException e) {
            if (rest != null) {
                rest.stop();
            }
            if (watches != null) {
                watches.close();
            }
            router.close();
            channels.close();
            routes.close();
            throw e;
        }
    }

    @Override
    public int port() {
        return server.port();
    }

    /** The loopback REST listener the public port relays to (it expects a PROXY v1 header first). */
    int restPort() {
        return rest.port();
    }

    @Override
    public void close() {
        watches.close();
        server.close();
        rest.stop();
        router.close();
        channels.close();
        routes.close();
    }
}
