package io.cairn.node;

import io.cairn.api.meta.ShardDescriptor;
import io.cairn.api.meta.ShardStats;
import io.cairn.node.mvcc.MvccStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The shard engines this node hosts, started as the control plane assigns replicas. */
final class ShardReplicas implements AutoCloseable, SplitHost, MergeHost {
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
            SplitChildMarkers.clear(storeDir(shard.getId()));
            ShardEngine engine = engines.get(shard.getId());
            if (engine != null) {
                engine.update(shard);
                continue;
            }
            try {
                engines.put(shard.getId(), ShardEngine.start(shard, shardDir(shard.getId()), ctx, this, this));
                log.info("node {}: started replica of shard {}", ctx.nodeId(), shard.getId());
            } catch (RuntimeException e) {
                log.error("node {}: cannot start replica of shard {}", ctx.nodeId(), shard.getId(), e);
            }
        }
    }

    private Path shardDir(long shardId) {
        return ctx.config().dataDir().resolve("shard-" + shardId);
    }

    @Override
    public Path storeDir(long shardId) {
        return shardDir(shardId).resolve("mvcc");
    }

    @Override
    public void startSplitChild(ShardDescriptor shard) {
        Thread.ofVirtual().name("start-shard-" + shard.getId()).start(() -> hostSplitChild(shard));
    }

    @Override
    public Optional<MvccStore> frozenSource(long sourceId, long targetId, Duration patience) {
        long deadline = System.nanoTime() + patience.toNanos();
        long nextLog = System.nanoTime();
        while (System.nanoTime() < deadline) {
            ShardEngine source = engines.get(sourceId);
            if (source != null && source.store().mergeFreeze()
                    .filter(f -> f.getTarget().getId() == targetId).isPresent()) {
                return Optional.of(source.store());
            }
            if (System.nanoTime() >= nextLog) {
                log.info("node {}: shard {} waits for its replica of shard {} to apply the merge freeze",
                        ctx.nodeId(), targetId, sourceId);
                nextLog = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** Starts shards a split created here that the control plane may not list yet (after a restart). */
    void hostSplitChildren() {
        SplitChildMarkers.find(ctx.config().dataDir()).forEach(this::hostSplitChild);
    }

    private synchronized void hostSplitChild(ShardDescriptor shard) {
        if (closed || engines.containsKey(shard.getId())) {
            return;
        }
        try {
            engines.put(shard.getId(), ShardEngine.start(shard, shardDir(shard.getId()), ctx, this, this));
            log.info("node {}: started replica of shard {} created by a split", ctx.nodeId(), shard.getId());
        } catch (RuntimeException e) {
            log.error("node {}: cannot start replica of split shard {}", ctx.nodeId(), shard.getId(), e);
        }
    }

    /** Stops a replica the control plane no longer assigns here and deletes its data. */
    synchronized void remove(long shardId) {
        ShardEngine engine = engines.remove(shardId);
        if (engine == null) {
            return;
        }
        engine.shutdown();
        engine.close();
        try {
            SplitExecution.deleteTree(shardDir(shardId));
            log.info("node {}: removed replica of shard {}", ctx.nodeId(), shardId);
        } catch (java.io.IOException e) {
            log.error("node {}: cannot delete the data of removed shard {}", ctx.nodeId(), shardId, e);
        }
    }

    List<ShardEngine> engines() {
        return List.copyOf(engines.values());
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
