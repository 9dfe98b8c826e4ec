package io.cairn.testkit.linearizability;

import io.cairn.testkit.history.KvInput;
import io.cairn.testkit.history.KvOutput;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Splits a KV history per key (P-compositionality holds for single-key operations: each key is an
 * independent object). A prefix range reads several keys at once, so it joins every key of the
 * history it covers into one partition (union-find over keys).
 */
final class KvPartitioner {
    private KvPartitioner() {
    }

    static List<Partition<KvInput, KvOutput>> partition(List<Op<KvInput, KvOutput>> ops) {
        Map<String, String> parent = new HashMap<>();
        for (Op<KvInput, KvOutput> op : ops) {
            op.input().singleKey().ifPresent(k -> parent.putIfAbsent(k, k));
        }
        List<String> keys = new ArrayList<>(parent.keySet());
        for (Op<KvInput, KvOutput> op : ops) {
            if (op.input() instanceof KvInput.Range r) {
                String anchor = "\u0000range#" + op.id();
                parent.put(anchor, anchor);
                keys.stream().filter(r::covers).forEach(k -> union(parent, anchor, k));
            }
        }
        Map<String, List<Op<KvInput, KvOutput>>> groups = new LinkedHashMap<>();
        Map<String, TreeSet<String>> groupKeys = new HashMap<>();
        for (Op<KvInput, KvOutput> op : ops) {
            String node = op.input().singleKey().orElse("\u0000range#" + op.id());
            String root = find(parent, node);
            groups.computeIfAbsent(root, r -> new ArrayList<>()).add(op);
            op.input().singleKey().ifPresent(k -> groupKeys.computeIfAbsent(root, r -> new TreeSet<>()).add(k));
        }
        List<Partition<KvInput, KvOutput>> parts = new ArrayList<>();
        groups.forEach((root, group) -> {
            TreeSet<String> ks = groupKeys.getOrDefault(root, new TreeSet<>());
            String name = ks.size() == 1 ? "key " + ks.first()
                    : ks.isEmpty() ? "range reads of no written key" : "keys " + ks + " (joined by range reads)";
            parts.add(new Partition<>(name, group));
        });
        return parts;
    }

    private static String find(Map<String, String> parent, String x) {
        String root = x;
        while (!parent.get(root).equals(root)) {
            root = parent.get(root);
        }
        while (!parent.get(x).equals(root)) {
            String next = parent.get(x);
            parent.put(x, root);
            x = next;
        }
        return root;
    }

    private static void union(Map<String, String> parent, String a, String b) {
        String ra = find(parent, a);
        String rb = find(parent, b);
        if (!ra.equals(rb)) {
            parent.put(ra, rb);
        }
    }
}
