package io.cairn.testkit.linearizability;

import io.cairn.testkit.history.KvInput;
import io.cairn.testkit.history.KvInput.Compare;
import io.cairn.testkit.history.KvOutput;
import java.util.stream.Collectors;

/** One-line, human-readable forms of KV operations for reports. */
final class KvDescriptions {
    private KvDescriptions() {
    }

    static String describe(KvInput input, KvOutput output) {
        return input(input) + " -> " + output(output);
    }

    static String input(KvInput input) {
        return switch (input) {
            case KvInput.Put p -> "put(" + p.key() + ", " + p.value() + ")";
            case KvInput.Get g -> "get(" + g.key() + ")";
            case KvInput.Range r -> "range(prefix " + r.prefix() + ")";
            case KvInput.Delete d -> "delete(" + d.key() + ")";
            case KvInput.CompareAndSet c -> "txn(if " + c.key() + compare(c.compare()) + " then put " + c.newValue() + ")";
        };
    }

    private static String compare(Compare compare) {
        return switch (compare) {
            case Compare.ModRevisionEquals m -> ".mod_revision == " + m.revision();
            case Compare.ValueEquals v -> ".value == " + v.value();
        };
    }

    static String output(KvOutput output) {
        return switch (output) {
            case KvOutput.PutResult p -> "ok, revision " + p.revision();
            case KvOutput.GetResult g -> g.present()
                    ? g.value() + " (mod_revision " + g.modRevision() + ", header " + g.headerRevision() + ")"
                    : "absent (header " + g.headerRevision() + ")";
            case KvOutput.RangeResult r -> r.kvs().stream()
                    .map(kv -> kv.key() + "=" + kv.value() + "@" + kv.modRevision())
                    .collect(Collectors.joining(", ", "[", "]")) + " (header " + r.headerRevision() + ")";
            case KvOutput.DeleteResult d -> d.deleted() + " deleted, revision " + d.revision();
            case KvOutput.TxnResult t -> (t.succeeded() ? "succeeded, revision " : "failed, header ") + t.revision();
            case KvOutput.Failure f -> "failed: " + f.error();
            case KvOutput.Unknown u -> "unknown (" + u.reason() + ")";
        };
    }
}
