package io.cairn.controlplane.client;

import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.MoreExecutors;
import io.grpc.Channel;
import io.grpc.Metadata;
import io.grpc.Status;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;

/**
 * The client's one retry policy. A call goes to the replica believed to lead; UNAVAILABLE
 * (a follower, a replica going down, no connection) moves to the hinted leader or the next
 * replica and retries, as do DEADLINE_EXCEEDED and CANCELLED (a replica shutting down
 * mid-call; this client never cancels a unary call) for calls declared idempotent; other
 * statuses fail the call at once. Back-off doubles from 25 ms to 1 s (a fresh leader hint is
 * tried after a quarter of it). After the call deadline, the call fails with
 * {@link ControlPlaneUnavailableException}.
 */
final class LeaderCalls {
    private static final long FIRST_BACKOFF_MS = 25;
    private static final long MAX_BACKOFF_MS = 1000;
    private static final long MAX_ATTEMPT_MS = 5000;

    private final LeaderChannels channels;
    private final ScheduledExecutorService timer;
    private final long deadlineMs;
    private final Set<CompletableFuture<?>> inFlight = ConcurrentHashMap.newKeySet();

    LeaderCalls(LeaderChannels channels, ScheduledExecutorService timer, Duration deadline) {
        this.channels = channels;
        this.timer = timer;
        this.deadlineMs = deadline.toMillis();
    }

    /** Runs {@code rpc(channel, attempt deadline ms)} against the leader, with retries. */
    <T> CompletableFuture<T> call(boolean idempotent, BiFunction<Channel, Long, ListenableFuture<T>> rpc) {
        CompletableFuture<T> result = new CompletableFuture<>();
        inFlight.add(result);
        result.whenComplete((value, error) -> inFlight.remove(result));
        attempt(rpc, idempotent, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(deadlineMs),
                FIRST_BACKOFF_MS, null, result);
        return result;
    }

    private <T> void attempt(BiFunction<Channel, Long, ListenableFuture<T>> rpc, boolean idempotent,
            long deadlineNanos, long backoffMs, Throwable lastError, CompletableFuture<T> result) {
        long remainingMs = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
        if (remainingMs <= 0) {
            result.completeExceptionally(new ControlPlaneUnavailableException(
                    "no control-plane leader answered within " + deadlineMs + " ms", lastError));
            return;
        }
        String address = channels.leader();
        ListenableFuture<T> future;
        try {
            future = rpc.apply(channels.channel(address), Math.min(remainingMs, MAX_ATTEMPT_MS));
        } catch (IllegalStateException closed) {
            result.completeExceptionally(closed);
            return;
        }
        Futures.addCallback(future, new FutureCallback<>() {
            @Override
            public void onSuccess(T value) {
                result.complete(value);
            }

            @Override
            public void onFailure(Throwable error) {
                Status status = Status.fromThrowable(error);
                boolean retryable = status.getCode() == Status.Code.UNAVAILABLE
                        || (idempotent && (status.getCode() == Status.Code.DEADLINE_EXCEEDED
                                || status.getCode() == Status.Code.CANCELLED));
                if (!retryable) {
                    result.completeExceptionally(error);
                    return;
                }
                Optional<String> hint = leaderHint(error);
                channels.failedOver(address, hint);
                boolean freshHint = hint.isPresent() && !hint.get().equals(address);
                long delay = freshHint ? backoffMs / 4 : backoffMs;
                long nextBackoff = Math.min(MAX_BACKOFF_MS, backoffMs * 2);
                try {
                    timer.schedule(() -> attempt(rpc, idempotent, deadlineNanos, nextBackoff, error, result),
                            delay, TimeUnit.MILLISECONDS);
                } catch (RejectedExecutionException clientClosed) {
                    result.completeExceptionally(new ControlPlaneUnavailableException(
                            "placement client closed during a retry", error));
                }
            }
        }, MoreExecutors.directExecutor());
    }

    /** Fails every call still looking for a leader (the client is closing). */
    void failAll() {
        ControlPlaneUnavailableException closed =
                new ControlPlaneUnavailableException("placement client closed", null);
        List.copyOf(inFlight).forEach(f -> f.completeExceptionally(closed));
    }

    static Optional<String> leaderHint(Throwable error) {
        Metadata trailers = Status.trailersFromThrowable(error);
        if (trailers == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(trailers.get(LeaderChannels.LEADER_KEY)).filter(s -> !s.isBlank());
    }

    /** Waits for a call, rethrowing its failure as it is. */
    static <T> T join(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }
}
