package org.imegate.ring;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;

/**
 * An in-memory network of {@link Transport}s in one JVM: a request is delivered by calling the
 * addressee's handler on the caller's thread. A node that is {@link #down(String) down} (or closed)
 * fails requests with an {@link IOException}, as a dead TCP peer would.
 */
public final class InMemoryNetwork {
    private final Map<String, UnaryOperator<byte[]>> handlers = new ConcurrentHashMap<>();
    private final AtomicLong messages = new AtomicLong();

    /** A transport for {@code address} on this network. */
    public Transport transport(String address) {
        return new Transport() {
            @Override
            public void start(UnaryOperator<byte[]> handler) {
                handlers.put(address, handler);
            }

            @Override
            public String localAddress() {
                return address;
            }

            @Override
            public byte[] request(String to, byte[] request) throws IOException {
                UnaryOperator<byte[]> h = handlers.get(to);
                if (h == null) {
                    throw new IOException("connection refused: " + to);
                }
                messages.incrementAndGet();
                return h.apply(request);
            }

            @Override
            public void close() {
                handlers.remove(address);
            }
        };
    }

    /** Takes {@code address} off the network (a crash: no Leave). */
    public void down(String address) {
        handlers.remove(address);
    }

    /** Messages delivered so far. */
    public long messages() {
        return messages.get();
    }
}
