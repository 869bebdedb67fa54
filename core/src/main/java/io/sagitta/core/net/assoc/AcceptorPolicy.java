package io.sagitta.core.net.assoc;

import io.sagitta.core.net.pdu.AsyncOpsWindow;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * What an association acceptor accepts: the input of {@link AssociationNegotiation}. A mutable options
 * object; build it once and share it read-only between associations.
 */
public final class AcceptorPolicy {

    /** What to do when no proposed presentation context can be accepted. */
    public enum NoAcceptableContext {
        /**
         * Send A-ASSOCIATE-RJ (rejected-permanent, service-user, no reason given): the requestor learns
         * at once that there is nothing to do here. The default, as the DIMSE issue asks.
         */
        REJECT,
        /**
         * Send A-ASSOCIATE-AC with every context rejected and its per-context reason (what PS3.8 9.3.3
         * literally allows, and what some toolkits do): more diagnostic, but an association with nothing
         * to carry.
         */
        ACCEPT_ALL_REJECTED
    }

    private final Set<String> calledAeTitles = new LinkedHashSet<>();
    private Predicate<String> callingAeTitleFilter = title -> true;
    private final Map<String, List<String>> abstractSyntaxes = new LinkedHashMap<>();
    private Predicate<String> requestorScpRole = sopClass -> false;
    private long maxPduLength = 16 * 1024;
    private AsyncOpsWindow asyncOpsWindow;
    private UserIdentityAuthenticator authenticator = UserIdentityAuthenticator.ANYONE;
    private NoAcceptableContext noAcceptableContext = NoAcceptableContext.REJECT;
    /** The same identity as the files Sagitta writes: one implementation, one UID. */
    private String implementationClassUid = io.sagitta.core.io.Part10Writer.IMPLEMENTATION_CLASS_UID;
    private String implementationVersionName = io.sagitta.core.io.Part10Writer.IMPLEMENTATION_VERSION_NAME;

    public static AcceptorPolicy create() {
        return new AcceptorPolicy();
    }

    /** Called AE titles we answer to; empty means any (promiscuous). Compared exactly, without padding. */
    public Set<String> calledAeTitles() {
        return calledAeTitles;
    }

    public AcceptorPolicy acceptCalledAeTitle(String title) {
        calledAeTitles.add(title.strip());
        return this;
    }

    public Predicate<String> callingAeTitleFilter() {
        return callingAeTitleFilter;
    }

    /** Which calling AE titles may associate; default any. */
    public AcceptorPolicy callingAeTitleFilter(Predicate<String> filter) {
        this.callingAeTitleFilter = filter;
        return this;
    }

    /** Supported abstract syntaxes, each with its acceptable transfer syntaxes in our order of preference. */
    public Map<String, List<String>> abstractSyntaxes() {
        return abstractSyntaxes;
    }

    /**
     * Supports an abstract syntax with these transfer syntaxes, most preferred first. Our preference wins
     * over the requestor's: of the syntaxes it proposes, we take the first in this list.
     */
    public AcceptorPolicy support(String abstractSyntax, String... transferSyntaxesByPreference) {
        abstractSyntaxes.put(abstractSyntax, List.of(transferSyntaxesByPreference));
        return this;
    }

    public Predicate<String> requestorScpRole() {
        return requestorScpRole;
    }

    /**
     * SOP classes for which the requestor may take the SCP role (and we the SCU role), as C-GET needs for
     * storage SOP classes. The requestor's SCU role, the default, is always accepted.
     */
    public AcceptorPolicy requestorScpRole(Predicate<String> sopClasses) {
        this.requestorScpRole = sopClasses;
        return this;
    }

    public long maxPduLength() {
        return maxPduLength;
    }

    /** The maximum P-DATA-TF length we receive, sent in our A-ASSOCIATE-AC; 0 means no limit. */
    public AcceptorPolicy maxPduLength(long bytes) {
        if (bytes < 0 || bytes > 0xFFFFFFFFL) {
            throw new IllegalArgumentException("max PDU length must be 0..2^32-1, not " + bytes);
        }
        this.maxPduLength = bytes;
        return this;
    }

    public AsyncOpsWindow asyncOpsWindow() {
        return asyncOpsWindow;
    }

    /**
     * The most operations we invoke and perform at once; null (the default) means synchronous only, and we
     * leave the sub-item out of our accept whatever the requestor proposed.
     */
    public AcceptorPolicy asyncOpsWindow(AsyncOpsWindow window) {
        this.asyncOpsWindow = window;
        return this;
    }

    public UserIdentityAuthenticator authenticator() {
        return authenticator;
    }

    public AcceptorPolicy authenticator(UserIdentityAuthenticator authenticator) {
        this.authenticator = authenticator;
        return this;
    }

    public NoAcceptableContext noAcceptableContext() {
        return noAcceptableContext;
    }

    public AcceptorPolicy noAcceptableContext(NoAcceptableContext behaviour) {
        this.noAcceptableContext = behaviour;
        return this;
    }

    public String implementationClassUid() {
        return implementationClassUid;
    }

    public AcceptorPolicy implementationClassUid(String uid) {
        this.implementationClassUid = uid;
        return this;
    }

    public String implementationVersionName() {
        return implementationVersionName;
    }

    public AcceptorPolicy implementationVersionName(String name) {
        this.implementationVersionName = name;
        return this;
    }
}
