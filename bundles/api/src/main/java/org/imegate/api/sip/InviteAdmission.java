package org.imegate.api.sip;

/**
 * The gate every initial inbound INVITE (from the Internet) passes before SIP inspection forwards it
 * to the call agent. The ticket verifier registers one; with none registered, calls are admitted.
 * Implementations must be fast and must not block on the network.
 */
public interface InviteAdmission {

    /** Decides on an initial inbound INVITE. */
    Admission admit(InboundInvite invite);
}
