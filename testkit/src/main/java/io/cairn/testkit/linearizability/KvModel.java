package io.cairn.testkit.linearizability;

import io.cairn.testkit.history.KvInput;
import io.cairn.testkit.history.KvInput.Compare;
import io.cairn.testkit.history.KvOutput;
import io.cairn.testkit.history.KvOutput.GetResult;
import io.cairn.testkit.history.KvOutput.KeyValue;
import io.cairn.testkit.linearizability.KvState.KeyState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * etcd's KV semantics as Cairn serves them. Revisions strictly increase but are not contiguous
 * (ADR 0002), so a write must return a revision above every revision linearized before it, not
 * exactly the next one. Reads must see the latest linearized value with its mod_revision, and a
 * header revision at least the revision of the last write to what they read. A write with an
 * unknown outcome takes effect at an unknown revision (tracked as a lower bound until a read shows it).
 */
public final class KvModel implements Model<KvState, KvInput, KvOutput> {

    @Override
    public KvState init() {
        return KvState.EMPTY;
    }

    @Override
    public List<KvState> step(KvState s, KvInput input, KvOutput output) {
        if (output instanceof KvOutput.Failure || (output instanceof KvOutput.Unknown && !input.isWrite())) {
            return List.of(s); // did not take effect, or a read nobody saw
        }
        return switch (input) {
            case KvInput.Put p -> write(s, p.key(), p.value(), output);
            case KvInput.Get g -> output instanceof GetResult r ? read(s, g.key(), r) : List.of();
            case KvInput.Range r -> output instanceof KvOutput.RangeResult rr ? range(s, r, rr) : List.of();
            case KvInput.Delete d -> delete(s, d.key(), output);
            case KvInput.CompareAndSet c -> compareAndSet(s, c, output);
        };
    }

    private static List<KvState> write(KvState s, String key, String value, KvOutput output) {
        KeyState ks = s.key(key);
        return switch (output) {
            case KvOutput.PutResult(long rev) when rev > s.maxRevision() ->
                    List.of(s.write(key, ks.put(value, rev, true), rev));
            case KvOutput.TxnResult(boolean ok, long rev) when ok && rev > s.maxRevision() ->
                    List.of(s.write(key, ks.put(value, rev, true), rev));
            case KvOutput.Unknown u -> List.of(s.write(key, ks.put(value, s.maxRevision() + 1, false),
                    s.maxRevision() + 1));
            default -> List.of();
        };
    }

    private static List<KvState> read(KvState s, String key, GetResult r) {
        KeyState ks = s.key(key);
        if (!r.present()) {
            return !ks.present() && r.headerRevision() >= ks.revision() ? List.of(s) : List.of();
        }
        if (!r.value().equals(ks.value()) || (r.version() != 0 && r.version() != ks.version())
                || r.headerRevision() < r.modRevision() || !ks.mayHaveModRevision(r.modRevision())) {
            return List.of();
        }
        return List.of(ks.exact() ? s : s.pin(key, r.modRevision()));
    }

    private static List<KvState> range(KvState s, KvInput.Range r, KvOutput.RangeResult rr) {
        Map<String, KeyValue> found = new HashMap<>();
        for (KeyValue kv : rr.kvs()) {
            if (!r.covers(kv.key()) || found.put(kv.key(), kv) != null || !s.key(kv.key()).present()) {
                return List.of(); // outside the range, listed twice, or a key that is not there
            }
        }
        KvState next = s;
        for (Map.Entry<String, KeyState> e : s.keys().entrySet()) {
            if (!r.covers(e.getKey())) {
                continue;
            }
            KeyValue kv = found.get(e.getKey());
            GetResult asGet = kv == null ? GetResult.absent(rr.headerRevision())
                    : new GetResult(kv.value(), kv.modRevision(), kv.version(), rr.headerRevision());
            List<KvState> after = read(next, e.getKey(), asGet);
            if (after.isEmpty()) {
                return List.of();
            }
            next = after.getFirst();
        }
        return List.of(next);
    }

    private static List<KvState> delete(KvState s, String key, KvOutput output) {
        KeyState ks = s.key(key);
        return switch (output) {
            case KvOutput.DeleteResult(long deleted, long rev) when deleted == 0 ->
                    !ks.present() && rev >= ks.revision() ? List.of(s) : List.of();
            case KvOutput.DeleteResult(long deleted, long rev) when deleted == 1 ->
                    ks.present() && rev > s.maxRevision() ? List.of(s.write(key, ks.delete(rev, true), rev)) : List.of();
            case KvOutput.Unknown u -> ks.present()
                    ? List.of(s.write(key, ks.delete(s.maxRevision() + 1, false), s.maxRevision() + 1)) : List.of(s);
            default -> List.of();
        };
    }

    private static List<KvState> compareAndSet(KvState s, KvInput.CompareAndSet c, KvOutput output) {
        KeyState ks = s.key(c.key());
        boolean mayMatch;
        boolean mayFail;
        switch (c.compare()) {
            case Compare.ValueEquals(String v) -> {
                mayMatch = v.equals(ks.value());
                mayFail = !mayMatch;
            }
            case Compare.ModRevisionEquals(long m) -> {
                mayMatch = ks.mayHaveModRevision(m);
                mayFail = ks.mayNotHaveModRevision(m);
            }
        }
        List<KvState> next = new ArrayList<>(2);
        if (mayMatch && !(output instanceof KvOutput.TxnResult(boolean ok, long rev) && !ok)) {
            next.addAll(write(s, c.key(), c.newValue(), output));
        }
        if (mayFail) {
            switch (output) {
                case KvOutput.TxnResult(boolean ok, long header) when !ok && header >= ks.revision() -> next.add(s);
                case KvOutput.Unknown u -> next.add(s);
                default -> { }
            }
        }
        return next;
    }

    @Override
    public String describe(KvInput input, KvOutput output) {
        return KvDescriptions.describe(input, output);
    }

    @Override
    public List<Partition<KvInput, KvOutput>> partition(List<Op<KvInput, KvOutput>> ops) {
        return KvPartitioner.partition(ops);
    }
}
