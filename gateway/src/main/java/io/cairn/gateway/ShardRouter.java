package io.cairn.gateway;

import com.google.protobuf.ByteString;
import io.cairn.api.meta.ShardRoute;
import io.cairn.api.shard.NotLeader;
import io.cairn.api.shard.ShardError;
import io.cairn.api.shard.ShardKvGrpc;
import io.cairn.api.shard.ShardRequest;
import io.cairn.api.shard.ShardRequestContext;
import io.cairn.api.shard.ShardResponse;
import io.cairn.api.shard.KvErrorCode;
import io.grpc.StatusRuntimeException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends shard-addressed requests to the leader of the shard that owns them, and retries
 * (per {@link RetryPolicy}) with a fresh route when a node says the route is stale. One
 * attempt plans against one {@link RouteSnapshot}; a retry re-plans against a new one, so a
 * request spanning shards is re-split when shards split or merge.
 */
final class ShardRouter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ShardRouter.class);

    private final RouteCache routes;
    private final NodeChannels channels;
    private final RetryPolicy policy;
    private final ExecutorService fanOut = Executors.newVirtualThreadPerTaskExecutor();

    ShardRouter(RouteCache routes, NodeChannels channels, RetryPolicy policy) {
        this.routes = routes;
        this.channels = channels;
        this.policy = policy;
    }

    /** Runs {@code attempt} until it succeeds, fails for good, or the deadline passes. */
    <T> T run(boolean write, Function<RouteSnapshot, T> attempt) {
        long deadline = System.nanoTime() + policy.deadline().toNanos();
        RouteSnapshot snapshot = routes.current();
        for (int tries = 0; ; tries++) {
            try {
                return attempt.apply(snapshot);
            } catch (RoutingRetry retry) {
                if (!policy.mayRetry(retry.reason(), write)) {
                    throw new GatewayException(new GatewayError.Unavailable(
                            "cairn: " + retry.getMessage() + " (write outcome unknown, not retried)"));
                }
                long pause = policy.backoffMillis(tries, retry.backoffHintMillis());
                if (System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(pause) >= deadline) {
                    throw GatewayException.kv(KvErrorCode.TIMEOUT);
                }
                LOG.debug("retrying after {}: {}", pause, retry.getMessage());
                if (tries > 0 || retry.reason() != RoutingRetry.Reason.NOT_LEADER) {
                    sleep(pause);
                }
                snapshot = retry.reason() == RoutingRetry.Reason.NOT_LEADER && routes.current() != snapshot
                        ? routes.current()
                        : routes.refresh(snapshot);
            }
        }
    }

    /** The shard owning {@code key} in {@code snapshot}. */
    ShardRoute routeFor(RouteSnapshot snapshot, ByteString key) {
        return snapshot.shardFor(key).orElseThrow(() -> new RoutingRetry(
                RoutingRetry.Reason.NO_ROUTE, 0, 0, "no shard holds the key"));
    }

    /**
     * One call to {@code route}'s leader. Returns the response when it carries a result,
     * throws {@link RoutingRetry} for routing errors and {@link GatewayException} for KV errors.
     */
    ShardResponse call(RouteSnapshot snapshot, ShardRoute route, ShardRequest.Builder request) {
        long shardId = route.getShard().getId();
        String address = snapshot.targetAddress(route).orElseThrow(() -> new RoutingRetry(
                RoutingRetry.Reason.NO_ROUTE, shardId, 0, "no known node hosts it"));
        ShardRequest sent = request.setContext(ShardRequestContext.newBuilder()
                .setShardId(shardId).setEpoch(route.getShard().getEpoch())).build();
        ShardResponse response;
        try {
            response = ShardKvGrpc.newBlockingStub(channels.forAddress(address))
                    .withDeadlineAfter(policy.deadline().toMillis(), TimeUnit.MILLISECONDS)
                    .execute(sent);
        } catch (StatusRuntimeException e) {
            throw switch (ErrorMapper.transportFailure(e)) {
                case NOT_CONNECTED -> new RoutingRetry(RoutingRetry.Reason.NOT_CONNECTED, shardId, 0, address);
                case UNREACHABLE -> new RoutingRetry(RoutingRetry.Reason.UNREACHABLE, shardId, 0, address);
                case DEADLINE_EXCEEDED -> GatewayException.kv(KvErrorCode.TIMEOUT);
                case OTHER -> new GatewayException(new GatewayError.Internal(
                        "cairn: store node " + address + " failed: " + e.getMessage()), e);
            };
        }
        if (response.hasError()) {
            throw failure(shardId, response.getError());
        }
        return response;
    }

    /** Runs {@code calls} in parallel; the first failure (in call order) is rethrown. */
    <T> List<T> all(List<Callable<T>> calls) {
        if (calls.size() == 1) {
            try {
                return List.of(calls.get(0).call());
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new GatewayException(new GatewayError.Internal("cairn: " + e), e);
            }
        }
        List<Future<T>> futures = new ArrayList<>();
        calls.forEach(c -> futures.add(fanOut.submit(c)));
        List<T> results = new ArrayList<>();
        for (Future<T> future : futures) {
            try {
                results.add(future.get());
            } catch (ExecutionException e) {
                futures.forEach(f -> f.cancel(true));
                if (e.getCause() instanceof RuntimeException r) {
                    throw r;
                }
                throw new GatewayException(new GatewayError.Internal("cairn: " + e.getCause()), e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new GatewayException(new GatewayError.Unavailable("cairn: interrupted"), e);
            }
        }
        return results;
    }

    private RuntimeException failure(long shardId, ShardError error) {
        return switch (error.getKindCase()) {
            case NOT_LEADER -> {
                NotLeader hint = error.getNotLeader();
                if (hint.getLeaderNodeId() != 0) {
                    routes.leaderHint(shardId, hint.getLeaderNodeId(), hint.getLeaderRpcAddress());
                }
                yield new RoutingRetry(RoutingRetry.Reason.NOT_LEADER, shardId, 0, "");
            }
            case EPOCH_NOT_MATCH -> new RoutingRetry(RoutingRetry.Reason.EPOCH_NOT_MATCH, shardId, 0, "");
            case SHARD_NOT_FOUND -> new RoutingRetry(RoutingRetry.Reason.SHARD_NOT_FOUND, shardId, 0, "");
            case SERVER_BUSY -> new RoutingRetry(RoutingRetry.Reason.SERVER_BUSY, shardId,
                    error.getServerBusy().getBackoffMs(), error.getServerBusy().getReason());
            case KV_ERROR -> new GatewayException(new GatewayError.Kv(
                    error.getKvError().getCode(), error.getKvError().getMessage()));
            case KIND_NOT_SET -> new GatewayException(new GatewayError.Internal(
                    "cairn: shard " + shardId + " answered an empty error"));
        };
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GatewayException(new GatewayError.Unavailable("cairn: interrupted"), e);
        }
    }

    @Override
    public void close() {
        fanOut.shutdownNow();
    }
}
