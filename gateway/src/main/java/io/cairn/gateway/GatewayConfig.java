package io.cairn.gateway;

import java.time.Duration;

/**
 * Configuration of one gateway.
 *
 * @param host address to bind (127.0.0.1 by default)
 * @param port the one port serving etcd gRPC and REST (2379 by default; 0 = any free port)
 * @param devMode when true, requests with no credential from a loopback address act as
 *     {@code devTenant}; never true outside {@code cairn dev}
 * @param devTenant tenant name used in dev mode
 * @param maxRequestBytes largest accepted request (etcd: 1.5 MiB)
 * @param maxTxnOps most operations in one txn (etcd: 128)
 * @param watchProgressNotifyInterval how often an idle watch created with {@code progress_notify}
 *     is told the current revision (etcd: 10 minutes)
 * @param adminToken the credential of the admin REST API under {@code /admin/v1} (the cluster
 *     token, sent as {@code Authorization: Bearer <token>}); null or empty turns the admin API off
 */
public record GatewayConfig(
        String host,
        int port,
        boolean devMode,
        String devTenant,
        int maxRequestBytes,
        int maxTxnOps,
        Duration watchProgressNotifyInterval,
        String adminToken) {

    public static final int DEFAULT_MAX_REQUEST_BYTES = 1536 * 1024;
    public static final int DEFAULT_MAX_TXN_OPS = 128;
    public static final Duration DEFAULT_WATCH_PROGRESS_NOTIFY_INTERVAL = Duration.ofMinutes(10);

    /** The configuration without the admin REST API. */
    public GatewayConfig(String host, int port, boolean devMode, String devTenant, int maxRequestBytes, int maxTxnOps,
            Duration watchProgressNotifyInterval) {
        this(host, port, devMode, devTenant, maxRequestBytes, maxTxnOps, watchProgressNotifyInterval, null);
    }

    /** The configuration with etcd's watch progress interval (10 minutes), without the admin REST API. */
    public GatewayConfig(String host, int port, boolean devMode, String devTenant, int maxRequestBytes, int maxTxnOps) {
        this(host, port, devMode, devTenant, maxRequestBytes, maxTxnOps, DEFAULT_WATCH_PROGRESS_NOTIFY_INTERVAL, null);
    }

    /** Never shows the admin token. */
    @Override
    public String toString() {
        return "GatewayConfig[host=" + host + ", port=" + port + ", devMode=" + devMode + ", devTenant=" + devTenant
                + ", maxRequestBytes=" + maxRequestBytes + ", maxTxnOps=" + maxTxnOps
                + ", watchProgressNotifyInterval=" + watchProgressNotifyInterval
                + ", adminToken=" + (adminToken == null || adminToken.isEmpty() ? "none" : "[redacted]") + "]";
    }
}
