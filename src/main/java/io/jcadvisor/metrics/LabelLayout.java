package io.jcadvisor.metrics;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Label names of one family in exposition order (sorted by name, as client_golang writes them) and,
 * for each position, where its value comes from: base value {@code i >= 0} or extra value
 * {@code -1 - j}. Computed once per family per scrape, shared by all its samples.
 */
final class LabelLayout {

    final List<String> names;
    final int[] order;

    private LabelLayout(List<String> names, int[] order) {
        this.names = names;
        this.order = order;
    }

    /** {@code base} must be sorted; {@code extra} in the order values are given. */
    static LabelLayout of(String[] base, List<String> extra) {
        int total = base.length + extra.size();
        List<String> names = new ArrayList<>(total);
        int[] order = new int[total];
        // Extra labels are few (0-4): sort their indexes, then merge with the sorted base.
        Integer[] extraIdx = new Integer[extra.size()];
        for (int j = 0; j < extraIdx.length; j++) {
            extraIdx[j] = j;
        }
        java.util.Arrays.sort(extraIdx, (a, b) -> extra.get(a).compareTo(extra.get(b)));
        int i = 0;
        int j = 0;
        int k = 0;
        while (i < base.length || j < extraIdx.length) {
            if (j >= extraIdx.length || (i < base.length && base[i].compareTo(extra.get(extraIdx[j])) <= 0)) {
                names.add(base[i]);
                order[k++] = i++;
            } else {
                names.add(extra.get(extraIdx[j]));
                order[k++] = -1 - extraIdx[j++];
            }
        }
        return new LabelLayout(Collections.unmodifiableList(names), order);
    }
}
