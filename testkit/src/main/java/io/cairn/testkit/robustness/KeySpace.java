package io.cairn.testkit.robustness;

import java.util.ArrayList;
import java.util.List;

/**
 * The small key set traffic works on: {@code groups} prefixes of {@code perGroup} keys each. Prefix
 * ranges read one group, so a range joins only its group's keys into one checker partition.
 */
record KeySpace(String root, int groups, int perGroup) {
    static final KeySpace DEFAULT = new KeySpace("rb/", 3, 3);

    String group(int g) {
        return root + "g" + g + "/";
    }

    String key(int g, int k) {
        return group(g) + "k" + k;
    }

    List<String> keys() {
        List<String> keys = new ArrayList<>();
        for (int g = 0; g < groups; g++) {
            for (int k = 0; k < perGroup; k++) {
                keys.add(key(g, k));
            }
        }
        return keys;
    }
}
