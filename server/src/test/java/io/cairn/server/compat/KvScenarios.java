package io.cairn.server.compat;

import static io.cairn.server.compat.Steps.input;
import static io.cairn.server.compat.Steps.mark;
import static io.cairn.server.compat.Steps.run;

import java.util.ArrayList;
import java.util.List;

/** put, get, ranges, delete and txn with their flags and output formats (see {@link EtcdctlScenarios}). */
final class KvScenarios {
    private KvScenarios() {
    }

    static Scenario putAndGet() {
        return Scenario.of("put and get",
                run("put", "name", "wuuu"),
                run("get", "name"),
                run("get", "missing"),
                run("get", "name", "-w", "json"),
                run("get", "name", "-w", "fields"),
                run("get", "name", "--print-value-only"),
                run("get", "name", "--keys-only"),
                run("get", "name", "--hex"),
                run("get", "name", "--hex", "--print-value-only"),
                run("get", "name", "-w", "json", "--hex"),
                run("put", "name", "v2", "--prev-kv"),
                run("put", "name", "v3", "--prev-kv", "-w", "json"),
                run("put", "name", "v4", "-w", "fields"),
                run("get", "name", "--consistency=s"),
                run("get", "name", "--consistency=s", "-w", "json"),
                run("get", "name", "--rev=0"),
                run("get", "name", "--rev=-1"),
                input("from stdin\n", "put", "kv/stdin"),
                run("get", "kv/stdin", "-w", "json"),
                run("put", "kv/dash", "--", "-leading-dash"),
                run("get", "kv/dash", "--print-value-only"),
                run("put", "kv/utf", "héllo wörld ✓"),
                run("get", "kv/utf", "-w", "json"),
                run("put", "kv/empty", ""),
                run("get", "kv/empty", "-w", "json"),
                run("get", "kv/empty"));
    }

    static Scenario ranges() {
        List<Step> steps = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            steps.add(run("put", "svc/" + i, "v" + (6 - i)));
        }
        steps.addAll(List.of(
                run("put", "svc/3", "v3-again"),
                run("put", "svc/1", "v5-again"),
                run("get", "svc/", "--prefix"),
                run("get", "svc/", "--prefix", "--limit=2"),
                run("get", "svc/", "--prefix", "--limit=2", "-w", "json"),
                run("get", "svc/", "--prefix", "--limit=1", "-w", "fields"),
                run("get", "svc/", "--prefix", "--keys-only", "-w", "json"),
                run("get", "svc/", "--prefix", "--sort-by=KEY", "--order=DESCEND", "--keys-only"),
                run("get", "svc/", "--prefix", "--order=DESCEND", "--keys-only"),
                run("get", "svc/", "--prefix", "--sort-by=KEY"),
                run("get", "svc/", "--prefix", "--sort-by=VALUE", "--order=ASCEND", "--print-value-only"),
                run("get", "svc/", "--prefix", "--sort-by=VERSION", "--order=DESCEND", "--keys-only"),
                run("get", "svc/", "--prefix", "--sort-by=CREATE", "--order=DESCEND", "--keys-only"),
                run("get", "svc/", "--prefix", "--sort-by=MODIFY", "--order=DESCEND", "--limit=2"),
                run("get", "svc/", "--prefix", "--sort-by=MODIFY", "--order=ASCEND", "--limit=3", "-w", "json"),
                run("get", "svc/", "--prefix", "--order=sideways"),
                run("get", "svc/2", "svc/4"),
                run("get", "svc/4", "svc/2"),
                run("get", "svc/3", "--from-key", "--keys-only"),
                run("get", "svc/3", "--from-key", "--keys-only", "--limit=1", "-w", "json"),
                run("get", "", "--from-key", "--keys-only"),
                run("get", "", "--prefix", "--keys-only", "--limit=3"),
                run("put", "\u00ff\u00fe", "high bytes"),
                run("get", "\u00ff", "--prefix", "--hex"),
                run("get", "\u00ff", "--from-key", "-w", "json"),
                run("put", "multi/line", "a\nb"),
                run("get", "multi/line", "-w", "json"),
                mark("s3", "svc/3"),
                run("put", "svc/3", "v3-third"),
                run("get", "svc/3", "--rev={s3}"),
                run("get", "svc/3", "--rev={s3-1}"),
                run("get", "svc/", "--prefix", "--rev={s3}", "--keys-only", "-w", "json"),
                run("get", "svc/", "--prefix", "--consistency=s", "--limit=2", "--print-value-only")));
        return new Scenario("ranges, limits, sorting, revisions", steps);
    }

    static Scenario deletes() {
        return Scenario.of("delete",
                run("put", "del/a", "1"), run("put", "del/b", "2"), run("put", "del/c", "3"),
                run("put", "del/d", "4"), run("put", "del/e", "5"), run("put", "del/f", "6"),
                run("del", "del/a"),
                run("del", "del/a"),
                run("del", "del/b", "--prev-kv"),
                run("del", "del/c", "-w", "json"),
                run("del", "del/d", "del/f"),
                run("del", "del/f", "del/d"),
                run("del", "del/", "--prefix", "--prev-kv", "-w", "json"),
                run("del", "del/", "--prefix"),
                run("get", "del/", "--prefix"));
    }

    static Scenario putOptions() {
        return Scenario.of("put --ignore-value, --ignore-lease, --lease",
                run("put", "opt/k", "v1"),
                run("put", "opt/k", "--ignore-value"),
                run("get", "opt/k", "-w", "json"),
                run("put", "opt/missing", "--ignore-value"),
                run("put", "opt/k", "x", "--ignore-value"),
                run("lease", "grant", "600"),
                run("put", "opt/l", "v", "--lease={lease:1}"),
                run("put", "opt/l", "v2", "--ignore-lease"),
                run("get", "opt/l", "-w", "json"),
                run("put", "opt/l", "v3", "--ignore-lease", "--lease={lease:1}"),
                run("put", "opt/k", "v2", "--ignore-lease"),
                run("put", "opt/nolease", "x", "--ignore-lease"),
                run("put", "opt/k", "--ignore-value", "--ignore-lease"),
                run("get", "opt/", "--prefix", "-w", "json"),
                run("put", "opt/l", "v4", "--lease=zz"),
                run("lease", "revoke", "{lease:1}"),
                run("get", "opt/", "--prefix", "--keys-only"));
    }

    static Scenario transactions() {
        StringBuilder tooMany = new StringBuilder("\n");
        for (int i = 0; i < 129; i++) {
            tooMany.append("put tx/many/").append(i).append(" v\n");
        }
        tooMany.append("\n\n");
        return Scenario.of("txn",
                run("put", "tx/a", "1"),
                run("put", "tx/b", "2"),
                input("value(\"tx/a\") = \"1\"\nversion(\"tx/b\") > \"0\"\n\nput tx/a 11\nget tx/b\n\nput tx/f x\n\n", "txn"),
                input("value(\"tx/a\") = \"1\"\nversion(\"tx/b\") > \"0\"\n\nput tx/a 11\nget tx/b\n\nput tx/f x\nget tx/f\n\n", "txn"),
                input("create(\"tx/new\") = \"0\"\n\nput tx/new created\n\nget tx/new\n\n", "txn", "-w", "json"),
                input("create(\"tx/new\") = \"0\"\n\nput tx/new created\n\nget tx/new\n\n", "txn", "-w", "json"),
                mark("ta", "tx/a"),
                input("mod(\"tx/a\") = \"{ta}\"\n\ndel tx/b\n\n\n", "txn"),
                input("mod(\"tx/a\") < \"{ta}\"\n\n\nput tx/lt no\n\n", "txn"),
                input("mod(\"tx/a\") > \"{ta-1}\"\ncreate(\"tx/a\") < \"{ta}\"\n\nget tx/a\n\n\n", "txn"),
                input("value(\"tx/none\") = \"x\"\n\nput tx/none x\n\nget tx/none\n\n", "txn"),
                input("version(\"tx/none\") = \"0\"\n\nput tx/none created\n\n\n", "txn"),
                input("value(\"tx/a\") != \"zz\"\nversion(\"tx/a\") < \"5\"\n\nget tx/ --prefix\n\n\n", "txn"),
                input("value(\"tx/a\") > \"1\"\nvalue(\"tx/a\") < \"2\"\n\nget tx/a --print-value-only\n\n\n", "txn"),
                input("value(\"tx/a\") = \"11\"\n\nput tx/a 12\n\n\n", "txn", "-i"),
                input("\nget tx/a\nget tx/new --keys-only\n\n\n", "txn"),
                input("\n\n\n", "txn"),
                input("\nput tx/d 1\nput tx/d 2\n\n\n", "txn"),
                input("\nput tx/d 1\ndel tx/d\n\n\n", "txn"),
                input("\ndel tx/ --prefix\nput tx/a 3\n\n\n", "txn"),
                input("\n\nput tx/d 1\nput tx/d 2\n\n", "txn"),
                input("\nget tx/a\nget tx/a\n\n\n", "txn"),
                input("\nput tx/many/x 1\n\n\n", "txn"),
                input(tooMany.toString(), "txn"),
                input("bogus\n", "txn"),
                input("\nput tx/z --lease=zz\n\n\n", "txn"),
                run("get", "tx/", "--prefix"));
    }
}
