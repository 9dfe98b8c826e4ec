package io.cairn.server.compat;

import static io.cairn.server.compat.Steps.documented;
import static io.cairn.server.compat.Steps.input;
import static io.cairn.server.compat.Steps.refused;
import static io.cairn.server.compat.Steps.run;

/**
 * Cluster-level commands, where Cairn differs from one etcd on purpose: the gateway is the
 * member a client talks to. Each expectation is etcd's outcome changed only as the cited
 * documentation says; everything else must match.
 */
final class ClusterScenarios {
    /** gateway/README.md, "What `etcdctl endpoint status` and `member list` show". */
    private static final String MEMBERS_DOC = "gateway/README.md \"What etcdctl endpoint status and member list show\": "
            + "member list shows this gateway, name gateway-host:port, client URL http://host:port "
            + "(a gateway has no peer URLs)";
    /** docs/api.md, table "Where Cairn differs from a single etcd", row `endpoint status`; gateway/README.md, version row. */
    private static final String STATUS_DOC = "docs/api.md \"Where Cairn differs\" row endpoint status "
            + "(IS LEADER is false for a gateway); "
            + "gateway/README.md endpoint status table (version 3.5.0, the etcd API level served)";

    /** docs/api.md, table "Where Cairn differs from a single etcd", row "storage maintenance, membership, users and roles". */
    private static final String UNSERVED_DOC = "docs/api.md \"Where Cairn differs\" row storage maintenance, membership, "
            + "users and roles: UNIMPLEMENTED \"cairn: <Service>.<Method> is not served\"";

    private ClusterScenarios() {
    }

    /** What a tenant cannot do through etcd's API: the operator's business (read-only or harmless on etcd). */
    static Scenario operatorCommands() {
        return Scenario.of("operator commands Cairn does not serve",
                refused(UNSERVED_DOC, "Unimplemented", "cairn: Maintenance.Defragment is not served", "defrag"),
                refused(UNSERVED_DOC, "Unimplemented", "cairn: Maintenance.HashKV is not served", "endpoint", "hashkv"),
                refused(UNSERVED_DOC, "Unimplemented", "cairn: Cluster.MemberRemove is not served", "member", "remove", "1234"),
                refused(UNSERVED_DOC, "Unimplemented", "cairn: Cluster.MemberUpdate is not served",
                        "member", "update", "1234", "--peer-urls=http://127.0.0.1:1"),
                refused(UNSERVED_DOC, "Unimplemented", "cairn: Auth.UserList is not served", "user", "list"),
                refused(UNSERVED_DOC, "Unimplemented", "cairn: Auth.UserGet is not served", "user", "get", "root"),
                refused(UNSERVED_DOC, "Unimplemented", "cairn: Auth.RoleList is not served", "role", "list"),
                refused(UNSERVED_DOC, "Unimplemented", "cairn: Auth.AuthEnable is not served", "auth", "enable"),
                run("alarm", "disarm"),
                run("version"));
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
                documented(STATUS_DOC, ClusterScenarios::gatewayStatus, "endpoint", "status"),
                documented(STATUS_DOC, ClusterScenarios::gatewayStatus, "endpoint", "status", "--cluster"),
                documented(STATUS_DOC, ClusterScenarios::gatewayStatus, "endpoint", "status", "-w", "json"),
                run("endpoint", "health", "--cluster"),
                run("alarm", "list"));
    }

    /** etcd's status line as a gateway reports it: the API level it serves, never the leader. */
    private static Outcome gatewayStatus(Outcome etcd) {
        return etcd.withStdout(etcd.stdout()
                .replaceFirst("^((?:http://)?<endpoint>), <member-id>, 3\\.4\\.\\d+, <db-size>, true, ",
                        "$1, <member-id>, 3.5.0, <db-size>, false, ")
                .replaceFirst("\"version\":\"3\\.4\\.\\d+\"", "\"version\":\"3.5.0\""));
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
