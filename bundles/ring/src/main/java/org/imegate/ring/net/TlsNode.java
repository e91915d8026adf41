package org.imegate.ring.net;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.imegate.ring.ChordNode;
import org.imegate.ring.Identity;
import org.imegate.ring.OverlayConfig;
import org.imegate.ring.RingRuntime;
import org.imegate.ring.RingSettings;

/** Builds a ring node on the TLS link from its key material (the OSGi component and the standalone node use it). */
public final class TlsNode {

    private TlsNode() {
    }

    /**
     * A started {@link RingRuntime} listening on {@code address:port}. On a bootstrap node with the
     * enrollment CA's key, {@code overlay} is signed and installed before the node joins.
     */
    public static RingRuntime start(PrivateKey key, X509Certificate[] chain, X509Certificate ca, InetAddress address,
            int port, List<String> bootstraps, RingSettings settings, Duration refresh, Optional<PrivateKey> caKey,
            Optional<OverlayConfig> overlay, Clock clock) throws IOException, GeneralSecurityException {
        Identity identity = X509Security.identity(key, chain[0]);
        // TLS admits every certificate of the enrollment CA; a banned Node-ID is refused by the RELOAD layer
        // (Error_Forbidden), so that the banned node learns why (BannedFromNetwork)
        javax.net.ssl.SSLContext ctx = TlsTransport.context(key, chain, ca, settings.overlayName(), id -> false, clock);
        TlsTransport transport = new TlsTransport(new InetSocketAddress(address, port), ctx, Duration.ofSeconds(5), 16);
        ChordNode node = new ChordNode(identity, X509Security.verifier(ca, settings.overlayName(), clock), transport,
                settings, clock);
        if (caKey.isPresent() && overlay.isPresent()) {
            node.adoptConfiguration(X509Security.signConfiguration(overlay.get().document(), caKey.get(), ca));
        }
        RingRuntime rt = new RingRuntime(node, bootstraps, refresh, clock);
        rt.start();
        return rt;
    }
}
