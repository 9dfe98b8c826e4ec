package io.cairn.testkit.linearizability;

import io.cairn.testkit.history.History;
import io.cairn.testkit.history.KvInput;
import io.cairn.testkit.history.KvInput.Compare;
import io.cairn.testkit.history.KvOutput;
import io.cairn.testkit.history.KvOutput.KeyValue;
import io.cairn.testkit.history.Operation;
import java.util.ArrayList;
import java.util.List;

/** Builds small hand-written histories; times are plain numbers (the checker only compares them). */
final class Histories {
    private final List<Operation> ops = new ArrayList<>();

    Histories op(int client, long from, long to, KvInput in, KvOutput out) {
        ops.add(new Operation(ops.size(), client, from, to, in, out));
        return this;
    }

    Histories put(int client, long from, long to, String key, String value, long rev) {
        return op(client, from, to, new KvInput.Put(key, value), new KvOutput.PutResult(rev));
    }

    Histories putUnknown(int client, long from, String key, String value) {
        return op(client, from, from + 1, new KvInput.Put(key, value), new KvOutput.Unknown("timeout"));
    }

    Histories putFailed(int client, long from, long to, String key, String value) {
        return op(client, from, to, new KvInput.Put(key, value), new KvOutput.Failure("rejected"));
    }

    Histories get(int client, long from, long to, String key, String value, long modRev, long header) {
        return op(client, from, to, new KvInput.Get(key), KvOutput.GetResult.of(value, modRev, header));
    }

    Histories getAbsent(int client, long from, long to, String key, long header) {
        return op(client, from, to, new KvInput.Get(key), KvOutput.GetResult.absent(header));
    }

    Histories delete(int client, long from, long to, String key, long deleted, long rev) {
        return op(client, from, to, new KvInput.Delete(key), new KvOutput.DeleteResult(deleted, rev));
    }

    Histories casRev(int client, long from, long to, String key, long expected, String value, boolean ok, long rev) {
        return op(client, from, to, new KvInput.CompareAndSet(key, new Compare.ModRevisionEquals(expected), value),
                new KvOutput.TxnResult(ok, rev));
    }

    Histories casValue(int client, long from, long to, String key, String expected, String value, boolean ok,
                       long rev) {
        return op(client, from, to, new KvInput.CompareAndSet(key, new Compare.ValueEquals(expected), value),
                new KvOutput.TxnResult(ok, rev));
    }

    Histories range(int client, long from, long to, String prefix, long header, KeyValue... kvs) {
        return op(client, from, to, new KvInput.Range(prefix), new KvOutput.RangeResult(List.of(kvs), header));
    }

    static KeyValue kv(String key, String value, long modRev) {
        return new KeyValue(key, value, modRev, 0);
    }

    History build() {
        return new History(ops);
    }
}
