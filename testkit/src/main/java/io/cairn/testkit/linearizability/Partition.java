package io.cairn.testkit.linearizability;

import java.util.List;

/** A sub-history checked on its own, named for reports (e.g. by its key). */
public record Partition<I, O>(String name, List<Op<I, O>> ops) {
    public Partition {
        ops = List.copyOf(ops);
    }
}
