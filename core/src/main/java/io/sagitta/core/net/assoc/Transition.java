package io.sagitta.core.net.assoc;

/**
 * One cell of the state table: the action to perform and the state to move to.
 *
 * @param unexpected true when PS3.8 leaves the cell blank (the event cannot legitimately happen in that
 *     state); the action is then the closest abort (see {@link AssociationState#on})
 */
public record Transition(AssociationAction action, AssociationState next, boolean unexpected) {

    static Transition of(AssociationAction action, AssociationState next) {
        return new Transition(action, next, false);
    }

    @Override
    public String toString() {
        return action + " -> " + next + (unexpected ? " (unexpected)" : "");
    }
}
