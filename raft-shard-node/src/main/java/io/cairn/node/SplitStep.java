package io.cairn.node;

import com.google.protobuf.ByteString;
import io.cairn.api.meta.ShardDescriptor;
import io.cairn.api.meta.ShardEpoch;
import io.cairn.api.shard.ShardCommand;
import io.cairn.api.shard.ShardSplitCommand;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leader's part of a SplitShard step: proposes the split through the shard's log, with
 * both descriptors computed from the recorded one, unless the shard is already split there
 * (the step is resent until the control plane sees both shards) or the key is not strictly
 * inside the shard.
 */
final class SplitStep {
    private static final Logger log = LoggerFactory.getLogger(SplitStep.class);

    private SplitStep() {
    }

    static CompletableFuture<Void> propose(ShardEngine engine, ByteString splitKey, long newShardId) {
        ShardDescriptor shard = engine.store().recordedShard().orElse(engine.descriptor());
        if (newShardId == 0 || shard.getEndKey().equals(splitKey) || engine.descriptor().getEndKey().equals(splitKey)) {
            return CompletableFuture.completedFuture(null);
        }
        if (!strictlyInside(splitKey, shard)) {
            log.warn("shard {}: split key {} is not inside the shard; step ignored", shard.getId(), splitKey);
            return CompletableFuture.completedFuture(null);
        }
        ShardEpoch epoch = shard.getEpoch().toBuilder().setVersion(shard.getEpoch().getVersion() + 1).build();
        ShardDescriptor left = shard.toBuilder().setEndKey(splitKey).setEpoch(epoch).build();
        ShardDescriptor right = shard.toBuilder().setId(newShardId).setStartKey(splitKey).setEpoch(epoch).build();
        ShardCommand command = ShardCommand.newBuilder().setSplit(ShardSplitCommand.newBuilder()
                .setSplitKey(splitKey).setLeft(left).setRight(right)).build();
        return engine.proposeChange(command).thenAccept(response -> {
            if (response.hasError()) {
                log.info("shard {}: split not applied: {}", shard.getId(), response.getError());
            }
        });
    }

    static boolean strictlyInside(ByteString key, ShardDescriptor shard) {
        return !key.equals(shard.getStartKey()) && ShardRequestCheck.inRange(key, ByteString.EMPTY, shard);
    }
}
