package io.cairn.node;

import io.cairn.api.meta.ShardDescriptor;
import io.cairn.api.meta.ShardStats;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The shard engines this node hosts, started as the control plane assigns replicas. */
final class ShardReplicas implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ShardReplicas.class);

    private final EngineContext ctx;
    private final Map<Long, ShardEngine> engines = new ConcurrentHashMap<>();
    private boolean closed;

    ShardReplicas(EngineContext ctx) {
        this.ctx = ctx;
    }

    /**
     * Starts a replica for every shard listing this node that is not hosted yet, and gives
     * hosted ones their newer descriptors. A replica that fails to start is retried on the
     * next assignment.
     */
    synchronized void host(List<ShardDescriptor> shards) {
        for (ShardDescriptor shard : shards) {
            if (closed || shard.getReplicasList().stream().noneMatch(r -> r.getNodeId() == ctx.nodeId())) {
                continue;
            }
            ShardEngine engine = engines.get(shard.getId());
            if (engine != null) {
                engine.update(shard);
                continue;
            }
            try {
                engines.put(shard.getId(), ShardEngine.start(shard, shardDir(shard.getId()), ctx));
                log.info("node {}: started replica of shard {}", ctx.nodeId(), shard.getId());
            } catch (RuntimeException e) {
                log.error("node {}: cannot start replica of shard {}", ctx.nodeId(), shard.getId(), e);
            }
        }
    }

    private Path shardDir(long shardId) {
        return ctx.config().dataDir().resolve("shard-" + shardId);
    }

    Optional<ShardEngine> engine(long shardId) {
        return Optional.ofNullable(engines.get(shardId));
    }

    List<ShardStats> stats() {
        List<ShardStats> stats = new ArrayList<>();
        for (ShardEngine engine : engines.values()) {
            try {
                stats.add(engine.reporter().stats());
            } catch (RuntimeException e) {
                log.warn("shard {}: no stats", engine.shardId(), e);
            }
        }
        return stats;
    }

    @Override
    public synchronized void close() {
        closed = true;
        engines.values().forEach(ShardEngine::shutdown);
        for (ShardEngine engine : engines.values()) {
            try {
                engine.close();
            } catch (RuntimeException e) {
                log.error("shard {}: unclean shutdown", engine.shardId(), e);
            }
        }
        engines.clear();
    }
}
