package org.imegate.ring;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

/** A ring of {@link ChordNode}s over one {@link InMemoryNetwork} (tests and the simulation benchmark). */
public final class SimRing {
    public final InMemoryNetwork network = new InMemoryNetwork();
    public final List<ChordNode> nodes = new ArrayList<>();
    public final Set<NodeId> refused = SimIdentity.none();
    private final Verifier verifier = SimIdentity.verifier(refused);
    private final Random random;
    private final Clock clock;
    private int next;

    public SimRing(long seed, Clock clock) {
        this.random = new Random(seed);
        this.clock = clock;
    }

    public SimRing(long seed) {
        this(seed, Clock.systemUTC());
    }

    public ChordNode bootstrap() throws Exception {
        ChordNode b = create(RingSettings.defaults(true), NodeId.random(random));
        b.join(List.of(b.self().address()));
        return b;
    }

    public ChordNode create(RingSettings settings, NodeId id) throws IOException {
        ChordNode n = new ChordNode(new SimIdentity(id), verifier, network.transport("sim:" + next++), settings
                .withStabilizeInterval(Duration.ofSeconds(5)), clock);
        n.start();
        nodes.add(n);
        return n;
    }

    /** Adds a node that joins through the first node. */
    public ChordNode add() throws Exception {
        ChordNode n = create(RingSettings.defaults(false), NodeId.random(random));
        n.join(List.of(nodes.get(0).self().address()));
        return n;
    }

    public void stabilizeAll(int rounds) {
        for (int r = 0; r < rounds; r++) {
            for (ChordNode n : List.copyOf(nodes)) {
                n.stabilize();
            }
        }
    }

    /** Crashes {@code n}: no Leave, its address stops answering. */
    public void kill(ChordNode n) {
        network.down(n.self().address());
        nodes.remove(n);
    }

    public Random random() {
        return random;
    }
}
