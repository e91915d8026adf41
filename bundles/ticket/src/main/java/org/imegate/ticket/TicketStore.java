package org.imegate.ticket;

/** Where the ticket epoch and the sealed password are persisted. */
public interface TicketStore {

    /** Saves {@code epoch} and {@code sealedPassword} (an {@code ENC(...)} value), keeping the other keys. */
    void save(int epoch, String sealedPassword);
}
