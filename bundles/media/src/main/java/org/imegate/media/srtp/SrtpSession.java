package org.imegate.media.srtp;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLongArray;
import org.imegate.api.media.MediaNegotiationException;
import org.imegate.api.validation.ValidationException;

/**
 * SRTP on the Internet leg of one media session: the SDES negotiation (RFC 4568 offer/answer, §5 and §7)
 * and the per-packet transforms.
 *
 * <p><b>Negotiation.</b> Toward the Internet the appliance offers one {@code a=crypto} line per suite it
 * supports (AES_CM_128_HMAC_SHA1_80, AES_CM_128_HMAC_SHA1_32, AEAD_AES_128_GCM, AEAD_AES_256_GCM, tags 1
 * to 4), each with a fresh master key ({@link #offer()}), and takes the peer's answer
 * ({@link #answered(List)}); or it answers the peer's offer with the first acceptable line and a fresh key
 * of its own ({@link #answer(List)}). The peer's key protects what the peer sends (used by
 * {@link #unprotect}); the appliance's key protects what it sends ({@link #protect}). A later offer
 * (re-INVITE) keeps the appliance's keys and takes the peer's new one if it changed (RFC 4568 §7.1.4).
 *
 * <p><b>Packets.</b> One {@link SrtpContext} per SSRC and direction (RFC 3711 §3.2.3), created at the
 * first packet of that SSRC, at most {@value #MAX_SSRCS} per direction; packets that are refused are
 * counted by {@link SrtpFailure}. {@link #protect} and {@link #unprotect} run on the session's single
 * event-loop thread; the negotiation runs on SIP's threads and publishes immutable key sets through
 * volatile fields, which the event loop picks up at the next packet.
 */
public final class SrtpSession {
    /** SSRCs tracked per direction; a peer cycling through more is refused (a defence, not a limit of RTP). */
    static final int MAX_SSRCS = 8;
    /**
     * The suites offered, in this order, as tags 1, 2, ...: AES-CM first, as before, since peers pick the
     * first line they support (RFC 4568 §7.1.3), then AES-GCM (RFC 7714).
     */
    private static final SrtpSuite[] OFFERED = {SrtpSuite.AES_CM_128_HMAC_SHA1_80, SrtpSuite.AES_CM_128_HMAC_SHA1_32,
        SrtpSuite.AEAD_AES_128_GCM, SrtpSuite.AEAD_AES_256_GCM};

    /** A negotiated direction: its suite and key, and the contexts of the SSRCs seen with them. */
    private static final class Direction {
        final SdesCrypto crypto;
        final Map<Integer, SrtpContext> bySsrc = new HashMap<>();

        Direction(SdesCrypto crypto) {
            this.crypto = crypto;
        }

        SrtpContext context(int ssrc) {
            SrtpContext c = bySsrc.get(ssrc);
            if (c == null && bySsrc.size() < MAX_SSRCS) {
                c = new SrtpContext(crypto.suite(), crypto.keys());
                bySsrc.put(ssrc, c);
            }
            return c;
        }
    }

    private final SecureRandom random;
    private final Map<SrtpSuite, SdesCrypto> local = new EnumMap<>(SrtpSuite.class);
    private List<SdesCrypto> offered = List.of();
    private String answerLine;
    private volatile Direction outbound;
    private volatile Direction inbound;
    private final AtomicLongArray failures = new AtomicLongArray(SrtpFailure.values().length);
    private volatile long protectedPackets;
    private volatile long unprotectedPackets;

    public SrtpSession(SecureRandom random) {
        this.random = random;
    }

    /** Whether both directions have keys. */
    public boolean established() {
        return outbound != null && inbound != null;
    }

    /** The suite in use, once negotiated. */
    public Optional<String> suite() {
        Direction d = outbound;
        return d == null ? Optional.empty() : Optional.of(d.crypto.suite().name());
    }

    /**
     * The {@code a=crypto} attribute values (without {@code a=crypto:}) to offer toward the Internet: one
     * per supported suite, tags 1, 2, ..., each suite with its own key, the same keys at every offer.
     */
    public synchronized List<String> offer() {
        List<SdesCrypto> lines = new ArrayList<>();
        int tag = 1;
        for (SrtpSuite s : OFFERED) {
            lines.add(new SdesCrypto(tag++, s, localKey(s).keys()));
        }
        offered = List.copyOf(lines);
        return lines.stream().map(SdesCrypto::format).toList();
    }

    /**
     * The peer's answer to {@link #offer()}: exactly one {@code a=crypto} line whose tag and suite are
     * among those offered (RFC 4568 §5.1.2).
     */
    public synchronized void answered(List<String> attributes) throws MediaNegotiationException {
        if (attributes.size() != 1) {
            throw new MediaNegotiationException("the SRTP answer carries " + attributes.size()
                    + " crypto attributes, exactly one expected");
        }
        SdesCrypto theirs = parse(attributes.get(0));
        SdesCrypto ours = offered.stream().filter(o -> o.tag() == theirs.tag() && o.suite() == theirs.suite())
                .findFirst().orElseThrow(() -> new MediaNegotiationException("the SRTP answer's crypto tag "
                        + theirs.tag() + " " + theirs.suite() + " was not offered"));
        install(ours, theirs);
    }

    /**
     * Answers the peer's offer: the first {@code a=crypto} line with a supported suite and a well-formed
     * key (RFC 4568 §7.1.3), answered with the same tag and suite and the appliance's key.
     *
     * @return the answer's attribute value (without {@code a=crypto:})
     */
    public synchronized String answer(List<String> attributes) throws MediaNegotiationException {
        List<String> reasons = new ArrayList<>();
        for (String a : attributes) {
            try {
                SdesCrypto theirs = SdesCrypto.parse(a);
                SdesCrypto ours = new SdesCrypto(theirs.tag(), theirs.suite(), localKey(theirs.suite()).keys());
                install(ours, theirs);
                answerLine = ours.format();
                return answerLine;
            } catch (ValidationException e) {
                reasons.add(e.getMessage());
            }
        }
        throw new MediaNegotiationException(attributes.isEmpty() ? "no crypto attribute offered"
                : "no acceptable crypto attribute: " + String.join("; ", reasons));
    }

    /** The answer computed by the last {@link #answer(List)}. */
    public synchronized Optional<String> answerLine() {
        return Optional.ofNullable(answerLine);
    }

    private SdesCrypto localKey(SrtpSuite suite) {
        return local.computeIfAbsent(suite, s -> new SdesCrypto(1, s, SrtpKeys.generate(s, random)));
    }

    private static SdesCrypto parse(String attribute) throws MediaNegotiationException {
        try {
            return SdesCrypto.parse(attribute);
        } catch (ValidationException e) {
            throw new MediaNegotiationException(e.getMessage());
        }
    }

    private void install(SdesCrypto ours, SdesCrypto theirs) {
        Direction out = outbound;
        if (out == null || !sameKey(out.crypto, ours)) {
            outbound = new Direction(ours);
        }
        Direction in = inbound;
        if (in == null || !sameKey(in.crypto, theirs)) {
            inbound = new Direction(theirs);
        }
    }

    private static boolean sameKey(SdesCrypto a, SdesCrypto b) {
        return a.suite() == b.suite() && a.keys().formatInline().equals(b.keys().formatInline());
    }

    /** Bytes {@link #protect} adds at most; callers make room for them. */
    public int overhead() {
        Direction d = outbound;
        return d == null ? 0 : d.crypto.keys().mkiLength() + d.crypto.suite().tagLength();
    }

    /**
     * RTP from the inside to SRTP toward the Internet, in place.
     *
     * @return the SRTP length, or -1 when it cannot be protected (no key yet, not RTP, too many SSRCs)
     */
    public int protect(byte[] buf, int off, int len) {
        Direction d = outbound;
        if (d == null) {
            return -1;
        }
        SrtpContext c = len >= SrtpContext.RTP_HEADER ? d.context(ssrc(buf, off)) : null;
        if (c == null) {
            failures.incrementAndGet(SrtpFailure.MALFORMED.ordinal());
            return -1;
        }
        try {
            int n = c.protect(buf, off, len);
            protectedPackets++;
            return n;
        } catch (SrtpException e) {
            failures.incrementAndGet(e.failure().ordinal());
            return -1;
        }
    }

    /**
     * SRTP from the Internet to RTP for the inside, in place; a forged, replayed or malformed packet is
     * refused and counted.
     *
     * @return the RTP length, or -1 when refused
     */
    public int unprotect(byte[] buf, int off, int len) {
        Direction d = inbound;
        if (d == null) {
            return -1;
        }
        SrtpContext c = len >= SrtpContext.RTP_HEADER ? d.context(ssrc(buf, off)) : null;
        if (c == null) {
            failures.incrementAndGet(SrtpFailure.MALFORMED.ordinal());
            return -1;
        }
        try {
            int n = c.unprotect(buf, off, len);
            unprotectedPackets++;
            return n;
        } catch (SrtpException e) {
            failures.incrementAndGet(e.failure().ordinal());
            return -1;
        }
    }

    private static int ssrc(byte[] b, int off) {
        return (b[off + 8] & 0xff) << 24 | (b[off + 9] & 0xff) << 16 | (b[off + 10] & 0xff) << 8 | b[off + 11] & 0xff;
    }

    /** Packets refused by the authentication check. */
    public long authenticationFailures() {
        return failures.get(SrtpFailure.AUTHENTICATION.ordinal());
    }

    /** Packets refused as replayed or too old. */
    public long replays() {
        return failures.get(SrtpFailure.REPLAY.ordinal());
    }

    /** Packets refused as malformed (or of an SSRC beyond the limit). */
    public long malformed() {
        return failures.get(SrtpFailure.MALFORMED.ordinal());
    }

    /**
     * RTP packets not protected because their packet index was sent already under an AES-GCM suite (a
     * repeated sequence number from the inside), which would repeat the GCM IV.
     */
    public long indexReuses() {
        return failures.get(SrtpFailure.INDEX_REUSE.ordinal());
    }

    public long protectedPackets() {
        return protectedPackets;
    }

    public long unprotectedPackets() {
        return unprotectedPackets;
    }
}
