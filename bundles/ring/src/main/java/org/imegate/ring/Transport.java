package org.imegate.ring;

import java.io.IOException;
import java.util.function.UnaryOperator;

/**
 * The overlay link layer: request/response exchanges of encoded RELOAD messages between peers named
 * by {@code host:port}. Implementations: {@link InMemoryNetwork} (simulation, tests) and the TLS link
 * ({@code org.imegate.ring.net.TlsTransport}).
 */
public interface Transport extends AutoCloseable {

    /** Starts delivering requests to {@code handler}, which returns the encoded answer. */
    void start(UnaryOperator<byte[]> handler) throws IOException;

    /** This end's address ({@code host:port}). */
    String localAddress();

    /** Sends {@code request} to {@code address} and waits for the answer. */
    byte[] request(String address, byte[] request) throws IOException;

    @Override
    void close();
}
