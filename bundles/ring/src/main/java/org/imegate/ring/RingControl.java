package org.imegate.ring;

import java.util.List;
import java.util.Optional;

/** What the ring's shell commands ask of the running ring component. */
public interface RingControl {

    /** The running node, empty while the ring is disabled or not started. */
    Optional<RingRuntime> runtime();

    /** Whether this node is configured as a bootstrap node. */
    boolean bootstrapNode();

    /** The configured bootstrap addresses ({@code host:port}). */
    List<String> bootstrapAddresses();

    /**
     * On a bootstrap node: changes one value of the overlay configuration ({@code storage.quota}, {@code motd},
     * {@code minimum.version}, {@code banned}); persisted through ConfigAdmin, then signed and distributed.
     *
     * @throws org.imegate.api.validation.ValidationException for a bad value or when this is not a bootstrap node
     */
    void setOverlayValue(String key, String value);

    /** The overlay configuration values this bootstrap node signs. */
    OverlayConfig overlayConfiguration();

    /**
     * Issues a ring node certificate from a PKCS#10 request (PEM) with the enrollment CA trustpoint's key.
     *
     * @throws org.imegate.api.validation.ValidationException when the trustpoint has no CA key or the request is bad
     */
    String issueCertificate(String caTrustpoint, String csrPem, int days);
}
