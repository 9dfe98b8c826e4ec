package io.cairn.testkit.history;

import io.cairn.testkit.history.KvInput.Compare;
import io.cairn.testkit.history.KvOutput.KeyValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Maps a {@link History} to and from JSON: {@code {"operations":[{"id":..,"input":{"type":..}}]}}. */
final class HistoryJson {
    private HistoryJson() {
    }

    static String write(History history) {
        List<Object> ops = new ArrayList<>();
        for (Operation op : history.operations()) {
            ops.add(obj("id", op.id(), "client", op.clientId(), "invoke", op.invokeNanos(),
                    "return", op.returnNanos(), "input", input(op.input()), "output", output(op.output())));
        }
        StringBuilder out = new StringBuilder();
        JsonWriter.write(obj("operations", ops), out);
        return out.toString();
    }

    static History read(String json) {
        Map<?, ?> root = (Map<?, ?>) JsonReader.parse(json);
        List<Operation> ops = new ArrayList<>();
        for (Object o : (List<?>) root.get("operations")) {
            Map<?, ?> m = (Map<?, ?>) o;
            ops.add(new Operation((int) num(m, "id"), (int) num(m, "client"), num(m, "invoke"), num(m, "return"),
                    input((Map<?, ?>) m.get("input")), output((Map<?, ?>) m.get("output"))));
        }
        return new History(ops);
    }

    private static Map<String, Object> input(KvInput in) {
        return switch (in) {
            case KvInput.Put p -> obj("type", "put", "key", p.key(), "value", p.value());
            case KvInput.Get g -> obj("type", "get", "key", g.key());
            case KvInput.Range r -> obj("type", "range", "prefix", r.prefix());
            case KvInput.Delete d -> obj("type", "delete", "key", d.key());
            case KvInput.CompareAndSet c -> switch (c.compare()) {
                case Compare.ModRevisionEquals e -> obj("type", "cas", "key", c.key(), "expectedModRevision",
                        e.revision(), "newValue", c.newValue());
                case Compare.ValueEquals e -> obj("type", "cas", "key", c.key(), "expectedValue", e.value(),
                        "newValue", c.newValue());
            };
        };
    }

    private static KvInput input(Map<?, ?> m) {
        return switch ((String) m.get("type")) {
            case "put" -> new KvInput.Put(str(m, "key"), str(m, "value"));
            case "get" -> new KvInput.Get(str(m, "key"));
            case "range" -> new KvInput.Range(str(m, "prefix"));
            case "delete" -> new KvInput.Delete(str(m, "key"));
            case "cas" -> new KvInput.CompareAndSet(str(m, "key"), m.containsKey("expectedValue")
                    ? new Compare.ValueEquals(str(m, "expectedValue"))
                    : new Compare.ModRevisionEquals(num(m, "expectedModRevision")), str(m, "newValue"));
            default -> throw new IllegalArgumentException("unknown input type " + m.get("type"));
        };
    }

    private static Map<String, Object> output(KvOutput out) {
        return switch (out) {
            case KvOutput.PutResult p -> obj("type", "put", "revision", p.revision());
            case KvOutput.GetResult g -> obj("type", "get", "value", g.value(), "modRevision", g.modRevision(),
                    "version", g.version(), "headerRevision", g.headerRevision());
            case KvOutput.RangeResult r -> obj("type", "range", "kvs", r.kvs().stream().map(kv -> (Object) obj(
                    "key", kv.key(), "value", kv.value(), "modRevision", kv.modRevision(), "version", kv.version()))
                    .toList(), "headerRevision", r.headerRevision());
            case KvOutput.DeleteResult d -> obj("type", "delete", "deleted", d.deleted(), "revision", d.revision());
            case KvOutput.TxnResult t -> obj("type", "txn", "succeeded", t.succeeded(), "revision", t.revision());
            case KvOutput.Failure f -> obj("type", "failure", "error", f.error());
            case KvOutput.Unknown u -> obj("type", "unknown", "reason", u.reason());
        };
    }

    private static KvOutput output(Map<?, ?> m) {
        return switch ((String) m.get("type")) {
            case "put" -> new KvOutput.PutResult(num(m, "revision"));
            case "get" -> new KvOutput.GetResult(str(m, "value"), num(m, "modRevision"), num(m, "version"),
                    num(m, "headerRevision"));
            case "range" -> new KvOutput.RangeResult(((List<?>) m.get("kvs")).stream().map(o -> (Map<?, ?>) o)
                    .map(kv -> new KeyValue(str(kv, "key"), str(kv, "value"), num(kv, "modRevision"),
                            num(kv, "version"))).toList(), num(m, "headerRevision"));
            case "delete" -> new KvOutput.DeleteResult(num(m, "deleted"), num(m, "revision"));
            case "txn" -> new KvOutput.TxnResult((Boolean) m.get("succeeded"), num(m, "revision"));
            case "failure" -> new KvOutput.Failure(str(m, "error"));
            case "unknown" -> new KvOutput.Unknown(str(m, "reason"));
            default -> throw new IllegalArgumentException("unknown output type " + m.get("type"));
        };
    }

    private static Map<String, Object> obj(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    private static long num(Map<?, ?> m, String key) {
        Object v = m.get(key);
        if (!(v instanceof Long l)) {
            throw new IllegalArgumentException("field " + key + " is not a number: " + v);
        }
        return l;
    }

    private static String str(Map<?, ?> m, String key) {
        return (String) m.get(key);
    }
}
