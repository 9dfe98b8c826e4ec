package io.cairn.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.cairn.controlplane.admin.AdminViews;
import io.cairn.controlplane.admin.NodeRow;
import io.cairn.controlplane.admin.OperatorRow;
import io.cairn.controlplane.admin.ShardRow;
import java.io.PrintStream;
import java.util.List;
import java.util.stream.Collectors;

/** How {@code cairn ctl} prints nodes, shards and operators: as tables, or as the admin REST API's JSON. */
final class CtlTables {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private CtlTables() {
    }

    static void json(PrintStream out, Object view) {
        try {
            out.println(JSON.writeValueAsString(view));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render " + view.getClass().getSimpleName() + " as JSON", e);
        }
    }

    static void nodes(PrintStream out, AdminViews.Nodes view) {
        TextTable table = new TextTable("ID", "STATE", "REPLICAS", "LEADERS", "RPC", "RAFT", "DISK FREE", "LABELS");
        for (NodeRow n : view.nodes()) {
            table.row(n.id(), n.state(), n.replicas(), n.leaders(), n.rpcAddress(), n.raftAddress(),
                    n.capacityBytes() == 0 ? "-" : bytes(n.availableBytes()) + "/" + bytes(n.capacityBytes()),
                    n.labels().isEmpty() ? "-" : n.labels().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                            .collect(Collectors.joining(",")));
        }
        table.print(out);
    }

    static void shards(PrintStream out, AdminViews.Shards view) {
        TextTable table = new TextTable("ID", "RANGE", "TENANTS", "EPOCH", "REPLICAS", "LEADER", "TERM", "RAFT INDEX",
                "APPLIED", "SIZE", "KEYS");
        for (ShardRow s : view.shards()) {
            String range = "[" + (s.start().isEmpty() ? "-inf" : s.start()) + ", "
                    + (s.end().isEmpty() ? "+inf" : s.end()) + ")";
            String replicas = s.replicas().stream().map(r -> r.nodeId() + (r.learner() ? "(learner)" : ""))
                    .collect(Collectors.joining(","));
            table.row(s.id(), range, s.tenants(), s.confVer() + "/" + s.version(), replicas,
                    s.leader() == 0 ? "-" : s.leader(), s.term(), stat(s, s.raftIndex()), stat(s, s.appliedIndex()),
                    s.reported() ? bytes(s.sizeBytes()) : "-", stat(s, s.keys()));
        }
        table.print(out);
        out.printf("route version %d, %d shards%n", view.routeVersion(), view.shards().size());
    }

    static void operators(PrintStream out, AdminViews.Operators view) {
        out.println("running:");
        operatorTable(view.running()).print(out);
        out.println("finished (newest first):");
        operatorTable(view.finished()).print(out);
    }

    private static TextTable operatorTable(List<OperatorRow> operators) {
        TextTable table = new TextTable("ID", "SHARD", "KIND", "STATE", "STEP", "STEPS", "REASON");
        for (OperatorRow o : operators) {
            table.row(o.id(), o.shard(), o.kind(), o.state(), Math.min(o.currentStep() + 1, o.steps().size())
                    + "/" + o.steps().size(), String.join(", ", o.steps()), o.reason().isEmpty() ? "-" : o.reason());
        }
        return table;
    }

    private static String stat(ShardRow shard, long value) {
        return shard.reported() ? Long.toString(value) : "-";
    }

    static String bytes(long n) {
        if (n < 1024) {
            return n + "B";
        }
        String units = "KMGTPE";
        int unit = (63 - Long.numberOfLeadingZeros(n)) / 10;
        return String.format("%.1f%siB", n / Math.pow(1024, unit), units.charAt(unit - 1));
    }
}
