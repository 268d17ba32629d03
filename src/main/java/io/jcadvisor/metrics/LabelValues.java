package io.jcadvisor.metrics;

import java.util.AbstractList;
import java.util.RandomAccess;

/**
 * Label values of one sample as a view, so a sample costs no copied array: {@code order[i] >= 0}
 * picks base value {@code order[i]}, {@code order[i] = -1 - j} picks extra value {@code j}.
 */
final class LabelValues extends AbstractList<String> implements RandomAccess {

    private final int[] order;
    private final String[] base;
    private final String single;
    private final String[] extras;

    LabelValues(int[] order, String[] base, String single, String[] extras) {
        this.order = order;
        this.base = base;
        this.single = single;
        this.extras = extras;
    }

    @Override
    public String get(int index) {
        int slot = order[index];
        if (slot >= 0) {
            return base[slot];
        }
        return extras == null ? single : extras[-1 - slot];
    }

    @Override
    public int size() {
        return order.length;
    }
}
