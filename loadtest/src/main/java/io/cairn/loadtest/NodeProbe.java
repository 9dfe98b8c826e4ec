package io.cairn.loadtest;

import com.google.protobuf.ByteString;
import io.cairn.api.etcdserverpb.PutRequest;
import io.cairn.api.etcdserverpb.RangeRequest;
import io.cairn.api.shard.ShardKvGrpc;
import io.cairn.api.shard.ShardRequest;
import io.cairn.api.shard.ShardResponse;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Node-direct latency probe: calls a store node's ShardKv/Execute without the gateway, one
 * operation kind at a time (put, serializable get, linearizable get), and prints p50/p99 per
 * kind. Isolates the store node's write and read-index paths from the gateway (bin/bench
 * --node-direct).
 */
@Command(name = "node-probe", mixinStandardHelpOptions = true,
        description = "Latency of a store node's ShardKv/Execute for put, serializable and linearizable get.")
public final class NodeProbe implements Callable<Integer> {

    @Option(names = "--node", required = true, description = "host:port of a store node's ShardKv gRPC service")
    String node;

    @Option(names = "--calls", defaultValue = "300", description = "measured calls per kind and client (default: ${DEFAULT-VALUE})")
    int calls;

    @Option(names = "--warmup-calls", defaultValue = "200", description = "unmeasured calls per kind first (default: ${DEFAULT-VALUE})")
    int warmupCalls;

    @Option(names = "--clients", defaultValue = "1", description = "concurrent callers (default: ${DEFAULT-VALUE})")
    int clients;

    @Option(names = "--value-size", defaultValue = "256", description = "value bytes (default: ${DEFAULT-VALUE})")
    int valueSize;

    @Option(names = "--kind", split = ",", description = "what to call: ${COMPLETION-CANDIDATES} (default: all)")
    List<Kind> kinds = List.of(Kind.values());

    enum Kind { PUT, SERIALIZABLE_GET, LINEARIZABLE_GET }

    public static void main(String[] args) {
        System.exit(new CommandLine(new NodeProbe()).setCaseInsensitiveEnumValuesAllowed(true).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        ManagedChannel channel = NettyChannelBuilder.forTarget(node).usePlaintext().build();
        try {
            ShardKvGrpc.ShardKvBlockingStub stub = ShardKvGrpc.newBlockingStub(channel);
            NodeShard shard = NodeShard.discover(stub);
            ByteString value = ByteString.copyFrom(new byte[valueSize]);
            for (Kind kind : kinds) {
                Histogram histogram = new Histogram(3);
                long started = System.nanoTime();
                runClients(stub, shard, kind, value, histogram);
                double seconds = (System.nanoTime() - started) / 1e9;
                System.out.printf("node-direct %-16s clients=%d n=%d ops/s=%.0f p50=%.2fms p90=%.2fms p99=%.2fms%n",
                        kind.name().toLowerCase(), clients, histogram.getTotalCount(),
                        histogram.getTotalCount() / seconds, ms(histogram, 50), ms(histogram, 90), ms(histogram, 99));
            }
            return 0;
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private void runClients(ShardKvGrpc.ShardKvBlockingStub stub, NodeShard shard, Kind kind, ByteString value,
            Histogram histogram) throws Exception {
        List<Future<?>> callers = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < clients; c++) {
                int client = c;
                callers.add(pool.submit(() -> {
                    for (int i = 0; i < warmupCalls + calls; i++) {
                        ShardRequest request = request(shard, kind, shard.key(client + "/" + (i % 100)), value);
                        long begin = System.nanoTime();
                        ShardResponse response = stub.withDeadlineAfter(10, TimeUnit.SECONDS).execute(request);
                        long micros = (System.nanoTime() - begin) / 1000;
                        if (response.hasError()) {
                            throw new IllegalStateException(kind + " failed: " + response.getError());
                        }
                        if (i >= warmupCalls) {
                            synchronized (histogram) {
                                histogram.recordValue(Math.max(1, micros));
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> caller : callers) {
                caller.get();
            }
        }
    }

    private static ShardRequest request(NodeShard shard, Kind kind, ByteString key, ByteString value) {
        ShardRequest.Builder request = ShardRequest.newBuilder().setContext(shard.context());
        return switch (kind) {
            case PUT -> request.setPut(PutRequest.newBuilder().setKey(key).setValue(value)).build();
            case SERIALIZABLE_GET -> request.setRange(RangeRequest.newBuilder().setKey(key).setSerializable(true)).build();
            case LINEARIZABLE_GET -> request.setRange(RangeRequest.newBuilder().setKey(key)).build();
        };
    }

    private static double ms(Histogram histogram, double percentile) {
        return histogram.getTotalCount() == 0 ? 0 : histogram.getValueAtPercentile(percentile) / 1000.0;
    }
}
