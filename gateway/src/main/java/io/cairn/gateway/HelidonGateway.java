package io.cairn.gateway;

import io.cairn.controlplane.client.PlacementClient;
import io.cairn.gateway.concurrency.ElectionCore;
import io.cairn.gateway.concurrency.LockCore;
import io.cairn.gateway.watch.WatchSettings;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.grpc.GrpcConfig;
import io.helidon.webserver.grpc.GrpcRouting;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires the gateway: one Helidon listener speaking gRPC (HTTP/2) and REST (HTTP/1.1 and
 * HTTP/2) on the same port. Nothing here decides anything about a request.
 */
final class HelidonGateway implements Gateway {
    private static final Logger LOG = LoggerFactory.getLogger(HelidonGateway.class);
    /**
     * Room above the largest request so the size check is ours and answers etcd's "request is too
     * large" (etcd itself answers RESOURCE_EXHAUSTED beyond 2 MiB; we keep the clearer message up to 4x).
     */
    private static final int GRPC_OVERHEAD_BYTES = 512 * 1024;

    private final WebServer server;
    private final RouteCache routes;
    private final NodeChannels channels;
    private final ShardRouter router;
    private final WatchSessions watches;

    private HelidonGateway(WebServer server, RouteCache routes, NodeChannels channels, ShardRouter router,
                           WatchSessions watches) {
        this.server = server;
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
            WebServer server = WebServer.builder()
                    .host(config.host())
                    .port(config.port())
                    .shutdownHook(false)
                    .connectionOptions(socket -> socket.tcpNoDelay(true))
                    .maxPayloadSize(2L * config.maxRequestBytes() + 64 * 1024)
                    .addProtocol(GrpcConfig.builder()
                            .enableCompression(false)
                            .maxReadBufferSize(4 * config.maxRequestBytes() + GRPC_OVERHEAD_BYTES)
                            .build())
                    .addRouting(GrpcRouting.builder()
                            .intercept(new GrpcAuthInterceptor(authenticator))
                            .service(new KvGrpcService(kv))
                            .service(UnservedMethods.withUnserved(new MaintenanceGrpcService(cluster)))
                            .service(UnservedMethods.withUnserved(new ClusterGrpcService(cluster)))
                            .service(UnservedMethods.withUnserved(new AuthGrpcService(cluster)))
                            .service(new WatchGrpcService(sessions))
                            .service(new LeaseGrpcService(leases))
                            .service(new LockGrpcService(new LockCore(), stores))
                            .service(new ElectionGrpcService(new ElectionCore(), stores)))
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
            if (!server.isRunning() || server.port() <= 0) {
                server.stop();
                throw new IllegalStateException("cannot listen on " + config.host() + ":" + config.port()
                        + " (is the port in use by another process?)");
            }
            identity.set(GatewayIdentity.of(config.host(), server.port()));
            LOG.info("gateway serving etcd gRPC and REST on {}:{}", config.host(), server.port());
            return new HelidonGateway(server, routes, channels, router, sessions);
        } catch (RuntimeException e) {
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

    @Override
    public void close() {
        watches.close();
        server.stop();
        router.close();
        channels.close();
        routes.close();
    }
}
