package io.cairn.node.mvcc;

import java.util.Comparator;
import java.util.List;

/** Sorting as etcd's Go {@code sort.Sort} orders ties (placeholder: stable). */
final class GoSort {

    private GoSort() {
    }

    static <T> void sort(List<T> items, Comparator<T> less) {
        items.sort(less);
    }
}
