package io.sagitta.core.data;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;

/**
 * Encapsulated Pixel Data (PS3.5 section A.4): the Basic Offset Table item followed by fragments.
 * Each entry is either the fragment's bytes ({@code byte[]}) or a {@link BulkData} saying where
 * they are when they were not kept. Entry 0 is always the Basic Offset Table (possibly empty).
 */
public final class Fragments extends AbstractList<Object> {

    private final VR vr;
    private final List<Object> items = new ArrayList<>();

    public Fragments(VR vr) {
        this.vr = vr;
    }

    public VR vr() {
        return vr;
    }

    @Override
    public boolean add(Object fragment) {
        if (!(fragment instanceof byte[]) && !(fragment instanceof BulkData)) {
            throw new IllegalArgumentException("a fragment is byte[] or BulkData, not " + fragment);
        }
        return items.add(fragment);
    }

    @Override
    public Object get(int index) {
        return items.get(index);
    }

    @Override
    public int size() {
        return items.size();
    }
}
