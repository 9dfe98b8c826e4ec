package io.cairn.node;

import com.alipay.sofa.jraft.Closure;
import com.alipay.sofa.jraft.Status;
import io.cairn.api.shard.ShardCommand;
import io.cairn.api.shard.ShardResponse;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * One command proposed to a shard's Raft group: the single place where JRaft's
 * {@link Closure} callback becomes a {@link CompletableFuture}. The state machine completes
 * it with the store's answer when it applies the entry; JRaft runs it with an error status
 * when the entry is refused or abandoned.
 */
final class CommandProposal implements Closure {
    private final ShardCommand command;
    private final Function<Status, ShardResponse> failure;
    private final CompletableFuture<ShardResponse> result = new CompletableFuture<>();

    CommandProposal(ShardCommand command, Function<Status, ShardResponse> failure) {
        this.command = command;
        this.failure = failure;
    }

    ShardCommand command() {
        return command;
    }

    CompletableFuture<ShardResponse> result() {
        return result;
    }

    /** Called by the state machine with the applied command's answer. */
    void applied(ShardResponse response) {
        result.complete(response);
    }

    @Override
    public void run(Status status) {
        if (!status.isOk()) {
            result.complete(failure.apply(status));
        }
    }
}
