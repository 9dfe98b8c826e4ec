package io.cairn.controlplane;

import com.alipay.sofa.jraft.Closure;
import com.alipay.sofa.jraft.Status;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Bridges one proposed command to a future: the state machine records the apply result (or
 * error), then Raft runs the closure with the replication status.
 */
final class CommandClosure implements Closure {
    private final CompletableFuture<Object> future = new CompletableFuture<>();
    private final Function<Status, RuntimeException> failure;
    private Object result;
    private RuntimeException error;

    CommandClosure(Function<Status, RuntimeException> failure) {
        this.failure = failure;
    }

    CompletableFuture<Object> future() {
        return future;
    }

    void applied(Object result) {
        this.result = result;
    }

    void failed(RuntimeException error) {
        this.error = error;
    }

    @Override
    public void run(Status status) {
        if (!status.isOk()) {
            future.completeExceptionally(failure.apply(status));
        } else if (error != null) {
            future.completeExceptionally(error);
        } else {
            future.complete(result);
        }
    }
}
