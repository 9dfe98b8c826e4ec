package io.cairn.server.compat;

import static io.cairn.server.compat.Steps.documented;
import static io.cairn.server.compat.Steps.input;
import static io.cairn.server.compat.Steps.run;

/**
 * Cluster-level commands, where Cairn differs from one etcd on purpose: the gateway is the
 * member a client talks to. Each expectation is etcd's outcome changed only as the cited
 * documentation says; everything else must match.
 */
final class ClusterScenarios {
    /** gateway/README.md, "What `etcdctl endpoint status` and `member list` show". */
    private static final String MEMBERS_DOC = "gateway/README.md \"What etcdctl endpoint status and member list show\": "
            + "member list shows this gateway, name gateway-host:port, client URL http://host:port (a gateway has no peer URLs)";
    /** docs/api.md, table "Where Cairn differs from a single etcd", row `endpoint status`; gateway/README.md, version row. */
    private static final String STATUS_DOC = "docs/api.md \"Where Cairn differs\" row endpoint status (IS LEADER is false for a gateway); "
            + "gateway/README.md endpoint status table (version 3.5.0, the etcd API level served)";

    private ClusterScenarios() {
    }

    static Scenario membership() {
        return Scenario.of("endpoint health, member list, endpoint status",
                run("endpoint", "health"),
                run("endpoint", "health", "-w", "json"),
                documented(MEMBERS_DOC, o -> o.withStdout(o.stdout()
                        .replace(", started, default, <peer-url>, ", ", started, gateway-<endpoint>, , ")),
                        "member", "list"),
                documented(MEMBERS_DOC, o -> o.withStdout(o.stdout()
                        .replace("\"name\":\"default\",\"peerURLs\":[\"<peer-url>\"]", "\"name\":\"gateway-<endpoint>\"")),
                        "member", "list", "-w", "json"),
                documented(STATUS_DOC, o -> o.withStdout(o.stdout()
                        .replaceFirst("^<endpoint>, <member-id>, 3\\.4\\.\\d+, <db-size>, true, ",
                                "<endpoint>, <member-id>, 3.5.0, <db-size>, false, ")),
                        "endpoint", "status"),
                run("alarm", "list"));
    }

    static Scenario largeRequests() {
        String justAbove = "x".repeat(1_600_000);
        String aboveTwoMiB = "x".repeat(2_500_000);
        return Scenario.of("requests above etcd's limits",
                input(justAbove, "put", "big/a"),
                input(aboveTwoMiB, "put", "big/a"),
                input("x".repeat(1_000_000), "put", "big/b"),
                run("get", "big/", "--prefix", "--keys-only"),
                run("del", "big/", "--prefix"));
    }
}
