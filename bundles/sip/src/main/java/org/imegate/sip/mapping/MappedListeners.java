package org.imegate.sip.mapping;

import java.net.InetSocketAddress;
import java.util.concurrent.CompletionStage;
import org.imegate.sip.proxy.MappedTarget;

/** Binds the SIP listeners of mapped addresses (the SIP transport). */
public interface MappedListeners {

    /**
     * Listens for the call agent's SIP on {@code at}; requests on its connections go to {@code target}.
     * Completes with the handle that stops listening, or exceptionally when {@code at} cannot be bound.
     */
    CompletionStage<AutoCloseable> listen(InetSocketAddress at, MappedTarget target, Usage usage);

    /** Told when a connection on the mapped address opens and closes. */
    interface Usage {
        void opened();

        void closed();
    }
}
