/**
 * The association, as pure functions: {@link io.sagitta.core.net.assoc.AssociationState} carries the
 * PS3.8 table 9-10 state machine ((state, event) → (action, next state)), and
 * {@link io.sagitta.core.net.assoc.AssociationNegotiation} turns an A-ASSOCIATE-RQ and an
 * {@link io.sagitta.core.net.assoc.AcceptorPolicy} into an A-ASSOCIATE-AC or -RJ. Both are tested without
 * sockets; the channel handler that drives them performs the actions.
 */
package io.sagitta.core.net.assoc;
