package io.cairn.loadtest;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * A closed-loop etcd v3 KV load: {@code --clients} concurrent callers, each issuing one request
 * at a time for {@code --duration} seconds, over {@code --connections} gRPC channels. Works
 * against etcd and Cairn alike, so the two can be run side by side (bin/bench).
 */
@Command(name = "kv-load", mixinStandardHelpOptions = true,
        description = "Closed-loop etcd v3 KV load (put/get) with latency percentiles.")
public final class KvLoad implements Callable<Integer> {

    @Option(names = "--endpoint", required = true, description = "host:port of an etcd v3 gRPC endpoint")
    String endpoint;

    @Option(names = "--api-key", description = "Cairn API key (sent as Authorization: Bearer)")
    String apiKey;

    @Option(names = "--clients", defaultValue = "16", description = "concurrent callers (default: ${DEFAULT-VALUE})")
    int clients;

    @Option(names = "--connections", defaultValue = "4", description = "gRPC channels (default: ${DEFAULT-VALUE})")
    int connections;

    @Option(names = "--duration", defaultValue = "10", description = "seconds of load (default: ${DEFAULT-VALUE})")
    int durationSeconds;

    @Option(names = "--warmup", defaultValue = "3", description = "seconds of warm-up, not counted (default: ${DEFAULT-VALUE})")
    int warmupSeconds;

    @Option(names = "--keys", defaultValue = "10000", description = "distinct keys (default: ${DEFAULT-VALUE})")
    int keys;

    @Option(names = "--value-size", defaultValue = "256", description = "value bytes (default: ${DEFAULT-VALUE})")
    int valueSize;

    @Option(names = "--read-ratio", defaultValue = "0.0", description = "fraction of gets, 0..1 (default: ${DEFAULT-VALUE})")
    double readRatio;

    @Option(names = "--label", defaultValue = "", description = "name printed with the result line")
    String label;

    public static void main(String[] args) {
        System.exit(new CommandLine(new KvLoad()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (clients < 1 || connections < 1 || durationSeconds < 1 || keys < 1 || valueSize < 0
                || readRatio < 0 || readRatio > 1) {
            throw new CommandLine.ParameterException(new CommandLine(this), "invalid load parameters");
        }
        LoadPlan plan = new LoadPlan(clients, durationSeconds, warmupSeconds, keys, valueSize, readRatio);
        try (KvTarget target = KvTarget.connect(endpoint, apiKey, connections)) {
            LoadResult result = new LoadRunner(target, plan).run();
            System.out.println(result.format(label.isEmpty() ? endpoint : label));
            return result.errors() > 0 && result.operations() == 0 ? 1 : 0;
        }
    }
}
