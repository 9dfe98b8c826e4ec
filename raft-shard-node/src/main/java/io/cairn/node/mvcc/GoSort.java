package io.cairn.node.mvcc;

import java.util.Comparator;
import java.util.List;

/**
 * Go's {@code sort.Sort} (pattern-defeating quicksort, Go 1.19+), so that ties in a sorted
 * Range come out in the same order as etcd's. Go sorts are not stable: for more than 12
 * elements equal keys may be reordered, and clients compare us with real etcd. The
 * xorshift constants are Go 1.19's (13, 17, 5), the toolchain of the reference etcd build;
 * they only matter after a badly unbalanced partition.
 */
final class GoSort<T> {

    private static final int MAX_INSERTION = 12;
    private static final int INCREASING = 1;
    private static final int DECREASING = 2;

    private final Object[] data;
    private final Comparator<T> order;
    private int swaps;

    private GoSort(Object[] data, Comparator<T> order) {
        this.data = data;
        this.order = order;
    }

    /** Sorts {@code items} in place as {@code sort.Sort} would with Less = order < 0. */
    static <T> void sort(List<T> items, Comparator<T> order) {
        int n = items.size();
        if (n <= 1) {
            return;
        }
        GoSort<T> sort = new GoSort<>(items.toArray(), order);
        sort.pdqsort(0, n, bitsLen(n));
        for (int i = 0; i < n; i++) {
            items.set(i, sort.at(i));
        }
    }

    @SuppressWarnings("unchecked")
    private T at(int i) {
        return (T) data[i];
    }

    private boolean less(int i, int j) {
        return order.compare(at(i), at(j)) < 0;
    }

    private void swap(int i, int j) {
        Object t = data[i];
        data[i] = data[j];
        data[j] = t;
    }

    private static int bitsLen(long n) {
        return 64 - Long.numberOfLeadingZeros(n);
    }

    private void insertionSort(int a, int b) {
        for (int i = a + 1; i < b; i++) {
            for (int j = i; j > a && less(j, j - 1); j--) {
                swap(j, j - 1);
            }
        }
    }

    private void siftDown(int lo, int hi, int first) {
        int root = lo;
        while (true) {
            int child = 2 * root + 1;
            if (child >= hi) {
                return;
            }
            if (child + 1 < hi && less(first + child, first + child + 1)) {
                child++;
            }
            if (!less(first + root, first + child)) {
                return;
            }
            swap(first + root, first + child);
            root = child;
        }
    }

    private void heapSort(int a, int b) {
        int first = a;
        int hi = b - a;
        for (int i = (hi - 1) / 2; i >= 0; i--) {
            siftDown(i, hi, first);
        }
        for (int i = hi - 1; i >= 0; i--) {
            swap(first, first + i);
            siftDown(0, i, first);
        }
    }

    private void pdqsort(int a, int b, int limit) {
        boolean wasBalanced = true;
        boolean wasPartitioned = true;
        while (true) {
            int length = b - a;
            if (length <= MAX_INSERTION) {
                insertionSort(a, b);
                return;
            }
            if (limit == 0) {
                heapSort(a, b);
                return;
            }
            if (!wasBalanced) {
                breakPatterns(a, b);
                limit--;
            }
            int[] pivotAndHint = choosePivot(a, b);
            int pivot = pivotAndHint[0];
            int hint = pivotAndHint[1];
            if (hint == DECREASING) {
                reverseRange(a, b);
                pivot = (b - 1) - (pivot - a);
                hint = INCREASING;
            }
            if (wasBalanced && wasPartitioned && hint == INCREASING && partialInsertionSort(a, b)) {
                return;
            }
            if (a > 0 && !less(a - 1, pivot)) {
                a = partitionEqual(a, b, pivot);
                continue;
            }
            int mid = partition(a, b, pivot);
            wasPartitioned = mid < 0;
            mid = mid < 0 ? -mid - 1 : mid;
            int leftLen = mid - a;
            int rightLen = b - mid;
            int balanceThreshold = length / 8;
            if (leftLen < rightLen) {
                wasBalanced = leftLen >= balanceThreshold;
                pdqsort(a, mid, limit);
                a = mid + 1;
            } else {
                wasBalanced = rightLen >= balanceThreshold;
                pdqsort(mid + 1, b, limit);
                b = mid;
            }
        }
    }

    /** The new pivot index, encoded as {@code -index - 1} when the range was already partitioned. */
    private int partition(int a, int b, int pivot) {
        swap(a, pivot);
        int i = a + 1;
        int j = b - 1;
        while (i <= j && less(i, a)) {
            i++;
        }
        while (i <= j && !less(j, a)) {
            j--;
        }
        if (i > j) {
            swap(j, a);
            return -j - 1;
        }
        swap(i, j);
        i++;
        j--;
        while (true) {
            while (i <= j && less(i, a)) {
                i++;
            }
            while (i <= j && !less(j, a)) {
                j--;
            }
            if (i > j) {
                break;
            }
            swap(i, j);
            i++;
            j--;
        }
        swap(j, a);
        return j;
    }

    private int partitionEqual(int a, int b, int pivot) {
        swap(a, pivot);
        int i = a + 1;
        int j = b - 1;
        while (true) {
            while (i <= j && !less(a, i)) {
                i++;
            }
            while (i <= j && less(a, j)) {
                j--;
            }
            if (i > j) {
                break;
            }
            swap(i, j);
            i++;
            j--;
        }
        return i;
    }

    private boolean partialInsertionSort(int a, int b) {
        final int maxSteps = 5;
        final int shortestShifting = 50;
        int i = a + 1;
        for (int step = 0; step < maxSteps; step++) {
            while (i < b && !less(i, i - 1)) {
                i++;
            }
            if (i == b) {
                return true;
            }
            if (b - a < shortestShifting) {
                return false;
            }
            swap(i, i - 1);
            if (i - a >= 2) {
                for (int j = i - 1; j >= 1; j--) {
                    if (!less(j, j - 1)) {
                        break;
                    }
                    swap(j, j - 1);
                }
            }
            if (b - i >= 2) {
                for (int j = i + 1; j < b; j++) {
                    if (!less(j, j - 1)) {
                        break;
                    }
                    swap(j, j - 1);
                }
            }
        }
        return false;
    }

    private void breakPatterns(int a, int b) {
        int length = b - a;
        if (length >= 8) {
            long random = length;
            long modulus = 1L << bitsLen(length);
            for (int idx = a + (length / 4) * 2 - 1; idx <= a + (length / 4) * 2 + 1; idx++) {
                random ^= random << 13;
                random ^= random >>> 17;
                random ^= random << 5;
                int other = (int) (random & (modulus - 1));
                if (other >= length) {
                    other -= length;
                }
                swap(idx, a + other);
            }
        }
    }

    /** {pivot, hint}. */
    private int[] choosePivot(int a, int b) {
        final int shortestNinther = 50;
        final int maxSwaps = 4 * 3;
        int l = b - a;
        swaps = 0;
        int i = a + l / 4;
        int j = a + l / 4 * 2;
        int k = a + l / 4 * 3;
        if (l >= 8) {
            if (l >= shortestNinther) {
                i = median(i - 1, i, i + 1);
                j = median(j - 1, j, j + 1);
                k = median(k - 1, k, k + 1);
            }
            j = median(i, j, k);
        }
        int hint = swaps == 0 ? INCREASING : swaps == maxSwaps ? DECREASING : 0;
        return new int[] {j, hint};
    }

    private int median(int a, int b, int c) {
        if (less(b, a)) {
            swaps++;
            int t = a;
            a = b;
            b = t;
        }
        if (less(c, b)) {
            swaps++;
            b = c;
        }
        if (less(b, a)) {
            swaps++;
            b = a;
        }
        return b;
    }

    private void reverseRange(int a, int b) {
        for (int i = a, j = b - 1; i < j; i++, j--) {
            swap(i, j);
        }
    }
}
