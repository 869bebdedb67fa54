package io.sagitta.core.data;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;

/**
 * The items of a sequence (SQ) element. Items know their parent dataset so that they inherit its
 * Specific Character Set, as PS3.5 section 7.5.3 requires.
 */
public final class Sequence extends AbstractList<Dataset> {

    private final Dataset parent;
    private final List<Dataset> items;

    Sequence(Dataset parent, int initialCapacity) {
        this.parent = parent;
        this.items = new ArrayList<>(initialCapacity);
    }

    /** Appends a new empty item and returns it. */
    public Dataset addItem() {
        Dataset item = new Dataset(parent, 8);
        items.add(item);
        return item;
    }

    /** Appends an existing dataset as an item; it now inherits the character set of this sequence's parent. */
    @Override
    public boolean add(Dataset item) {
        item.setParent(parent);
        return items.add(item);
    }

    @Override
    public Dataset get(int index) {
        return items.get(index);
    }

    @Override
    public Dataset remove(int index) {
        return items.remove(index);
    }

    @Override
    public int size() {
        return items.size();
    }

    public Dataset parent() {
        return parent;
    }
}
