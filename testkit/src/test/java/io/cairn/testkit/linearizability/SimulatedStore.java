package io.cairn.testkit.linearizability;

import io.cairn.testkit.history.History;
import io.cairn.testkit.history.KvInput;
import io.cairn.testkit.history.KvInput.Compare;
import io.cairn.testkit.history.KvOutput;
import io.cairn.testkit.history.KvOutput.KeyValue;
import io.cairn.testkit.history.Operation;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;

/**
 * Generates linearizable histories: a sequential KV store with gapped revisions applies each
 * operation at a linearization point, and the operation's recorded call and return are placed at
 * random distances around that point (each client still runs one operation at a time).
 */
final class SimulatedStore {
    private final Random rnd;
    private final TreeMap<String, KeyValue> store = new TreeMap<>();
    private long revision;
    private long now;
    private int values;

    SimulatedStore(long seed) {
        this.rnd = new Random(seed);
    }

    History generate(int clients, int opsPerClient, int keys, double unknownRate) {
        long[] free = new long[clients];
        int[] left = new int[clients];
        java.util.Arrays.fill(left, opsPerClient);
        List<Operation> ops = new ArrayList<>();
        for (int i = 0; i < clients * opsPerClient; i++) {
            int c = rnd.nextInt(clients);
            while (left[c] == 0) {
                c = (c + 1) % clients;
            }
            left[c]--;
            long lin = Math.max(now, free[c]) + 1 + rnd.nextInt(10);
            long invoke = Math.max(free[c] + 1, lin - rnd.nextInt(40));
            long ret = lin + rnd.nextInt(40);
            now = lin;
            free[c] = ret;
            KvInput input = nextInput("k" + rnd.nextInt(keys), keys > 1);
            boolean unknown = input.isWrite() && rnd.nextDouble() < unknownRate;
            KvOutput output = unknown && rnd.nextBoolean() ? null : apply(input);
            ops.add(new Operation(i, c, invoke, ret, input, unknown ? new KvOutput.Unknown("timeout") : output));
        }
        return new History(ops);
    }

    private KvInput nextInput(String key, boolean ranges) {
        int dice = rnd.nextInt(100);
        String value = "v" + values++;
        if (dice < 35) {
            return new KvInput.Put(key, value);
        } else if (dice < 45) {
            return new KvInput.Delete(key);
        } else if (dice < 60) {
            KeyValue kv = store.get(key);
            long expected = kv == null ? 0 : kv.modRevision() - (rnd.nextInt(3) == 0 ? 1 : 0);
            return rnd.nextBoolean() || kv == null ? new KvInput.CompareAndSet(key, new Compare.ModRevisionEquals(
                    expected), value) : new KvInput.CompareAndSet(key, new Compare.ValueEquals(kv.value()), value);
        } else if (dice < 65 && ranges) {
            return new KvInput.Range("k");
        }
        return new KvInput.Get(key);
    }

    private KvOutput apply(KvInput input) {
        return switch (input) {
            case KvInput.Put p -> new KvOutput.PutResult(write(p.key(), p.value()));
            case KvInput.Get g -> store.containsKey(g.key())
                    ? new KvOutput.GetResult(store.get(g.key()).value(), store.get(g.key()).modRevision(),
                    store.get(g.key()).version(), revision) : KvOutput.GetResult.absent(revision);
            case KvInput.Range r -> new KvOutput.RangeResult(List.copyOf(store.values()), revision);
            case KvInput.Delete d -> store.remove(d.key()) == null ? new KvOutput.DeleteResult(0, revision)
                    : new KvOutput.DeleteResult(1, revision += 1 + rnd.nextInt(5));
            case KvInput.CompareAndSet c -> matches(c) ? new KvOutput.TxnResult(true, write(c.key(), c.newValue()))
                    : new KvOutput.TxnResult(false, revision);
        };
    }

    private boolean matches(KvInput.CompareAndSet c) {
        KeyValue kv = store.get(c.key());
        return switch (c.compare()) {
            case Compare.ModRevisionEquals m -> (kv == null ? 0 : kv.modRevision()) == m.revision();
            case Compare.ValueEquals v -> kv != null && kv.value().equals(v.value());
        };
    }

    private long write(String key, String value) {
        revision += 1 + rnd.nextInt(5);
        KeyValue old = store.get(key);
        store.put(key, new KeyValue(key, value, revision, old == null ? 1 : old.version() + 1));
        return revision;
    }
}
