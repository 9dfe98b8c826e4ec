package io.cairn.server;

import io.cairn.controlplane.admin.AdminViews;
import io.cairn.controlplane.admin.KeyText;
import io.cairn.controlplane.admin.NodeRow;
import io.cairn.controlplane.admin.OperatorRow;
import io.cairn.controlplane.client.PlacementClient;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.BiConsumer;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cairn ctl VERB}: look at and operate a cluster through the control plane's admin gRPC API. */
@Command(name = "ctl", mixinStandardHelpOptions = true,
        description = "Operate a cluster: list nodes, shards and operators; drain and remove nodes; move leaders; split shards.",
        subcommands = {CtlCommand.Nodes.class, CtlCommand.Shards.class, CtlCommand.Operators.class,
                CtlCommand.Drain.class, CtlCommand.Remove.class, CtlCommand.TransferLeader.class, CtlCommand.Split.class})
final class CtlCommand {

    private static final PrintStream OUT = System.out;
    private static final PrintStream ERR = System.err;

    /** A list verb: loads a view and prints it as a table, or as JSON with {@code -o json}. */
    private static <V> int list(CtlTarget target, Function<PlacementClient, V> load, BiConsumer<PrintStream, V> table)
            throws InterruptedException {
        boolean json = target.json();
        return CtlSession.run(target, ERR, placement -> {
            V view = load.apply(placement);
            if (json) {
                CtlTables.json(OUT, view);
            } else {
                table.accept(OUT, view);
            }
            return 0;
        });
    }

    @Command(name = "nodes", mixinStandardHelpOptions = true, description = "Store nodes: state, replicas, leaders, disk.")
    static final class Nodes implements Callable<Integer> {
        @Mixin
        CtlTarget target;

        @Override
        public Integer call() throws InterruptedException {
            return list(target, placement -> AdminViews.Nodes.from(placement.listNodes()), CtlTables::nodes);
        }
    }

    @Command(name = "shards", mixinStandardHelpOptions = true,
            description = "Shards: range, tenants, epoch, replicas, leader, term, Raft indexes, size, keys.")
    static final class Shards implements Callable<Integer> {
        @Mixin
        CtlTarget target;

        @Override
        public Integer call() throws InterruptedException {
            return list(target, placement -> AdminViews.Shards.from(placement.listShards()), CtlTables::shards);
        }
    }

    @Command(name = "operators", mixinStandardHelpOptions = true,
            description = "Scheduling operators: running ones and the most recently finished.")
    static final class Operators implements Callable<Integer> {
        @Mixin
        CtlTarget target;

        @Override
        public Integer call() throws InterruptedException {
            return list(target, placement -> AdminViews.Operators.from(placement.listOperators()), CtlTables::operators);
        }
    }

    @Command(name = "drain", mixinStandardHelpOptions = true,
            description = "Mark a node DRAINING (no new replicas, every replica moved off) and show progress until it is empty.")
    static final class Drain implements Callable<Integer> {
        @Mixin
        CtlTarget target;

        @Parameters(index = "0", paramLabel = "NODE", description = "Node id (see 'cairn ctl nodes').")
        long nodeId;

        @Option(names = "--no-wait", description = "Return once the node is marked draining.")
        boolean noWait;

        @Option(names = "--timeout-secs", defaultValue = "1800",
                description = "Give up waiting after this long (the drain goes on; default: ${DEFAULT-VALUE}).")
        long timeoutSecs;

        @Override
        public Integer call() throws InterruptedException {
            boolean json = target.json();
            return CtlSession.run(target, ERR, placement -> {
                placement.drainNode(nodeId);
                PrintStream progress = json ? ERR : OUT;
                progress.printf("node %d is draining%n", nodeId);
                int exit = noWait ? 0 : new DrainWatch(placement, nodeId, progress).await(Duration.ofSeconds(timeoutSecs));
                printNode(placement, nodeId, json);
                if (exit == 0 && !noWait) {
                    progress.printf("node %d holds no replicas; remove it with 'cairn ctl remove %d', then stop it%n",
                            nodeId, nodeId);
                }
                return exit;
            });
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true,
            description = "Remove an empty (drained) node from the cluster; its process can be stopped afterwards.")
    static final class Remove implements Callable<Integer> {
        @Mixin
        CtlTarget target;

        @Parameters(index = "0", paramLabel = "NODE", description = "Node id (see 'cairn ctl nodes').")
        long nodeId;

        @Override
        public Integer call() throws InterruptedException {
            boolean json = target.json();
            return CtlSession.run(target, ERR, placement -> {
                placement.removeNode(nodeId);
                (json ? ERR : OUT).printf("node %d removed from the cluster; stop its process now%n", nodeId);
                printNode(placement, nodeId, json);
                return 0;
            });
        }
    }

    @Command(name = "transfer-leader", mixinStandardHelpOptions = true,
            description = "Start an operator moving a shard's leadership to a voter on another node.")
    static final class TransferLeader implements Callable<Integer> {
        @Mixin
        CtlTarget target;

        @Parameters(index = "0", paramLabel = "SHARD")
        long shardId;

        @Parameters(index = "1", paramLabel = "NODE")
        long nodeId;

        @Override
        public Integer call() throws InterruptedException {
            boolean json = target.json();
            return CtlSession.run(target, ERR, placement -> {
                printOperator(OperatorRow.from(placement.transferLeader(shardId, nodeId)), json);
                return 0;
            });
        }
    }

    @Command(name = "split", mixinStandardHelpOptions = true,
            description = "Start an operator splitting a shard, at KEY or where its leader suggests.")
    static final class Split implements Callable<Integer> {
        @Mixin
        CtlTarget target;

        @Parameters(index = "0", paramLabel = "SHARD")
        long shardId;

        @Parameters(index = "1", paramLabel = "KEY", arity = "0..1",
                description = "Internal key as 'cairn ctl shards' prints it (t<tenant>/<key>, \\xNN escapes) or 0x<hex>.")
        String key;

        @Override
        public Integer call() throws InterruptedException {
            boolean json = target.json();
            byte[] splitKey = key == null ? new byte[0] : KeyText.parse(key).toByteArray();
            return CtlSession.run(target, ERR, placement -> {
                printOperator(OperatorRow.from(placement.splitShard(shardId, splitKey)), json);
                return 0;
            });
        }
    }

    private static void printNode(PlacementClient placement, long nodeId, boolean json) {
        AdminViews.Nodes nodes = AdminViews.Nodes.from(placement.listNodes());
        NodeRow row = nodes.nodes().stream().filter(n -> n.id() == nodeId).findFirst().orElseThrow();
        if (json) {
            CtlTables.json(OUT, row);
        } else {
            CtlTables.nodes(OUT, new AdminViews.Nodes(java.util.List.of(row)));
        }
    }

    private static void printOperator(OperatorRow operator, boolean json) {
        if (json) {
            CtlTables.json(OUT, operator);
        } else {
            OUT.printf("operator %d started: %s on shard %d: %s%n", operator.id(), operator.kind(), operator.shard(),
                    String.join(", ", operator.steps()));
        }
    }
}
