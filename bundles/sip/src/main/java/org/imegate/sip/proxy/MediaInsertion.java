package org.imegate.sip.proxy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.imegate.api.media.MediaNegotiationException;
import org.imegate.api.media.MediaSession;
import org.imegate.api.media.MediaTermination;
import org.imegate.api.media.MediaUnavailableException;
import org.imegate.api.sip.TerminationCause;
import org.imegate.sip.config.UcImeConfig;
import org.imegate.sip.sdp.Sdp;

/**
 * Inserts the appliance into the media path (SIP-05): every active stream of an SDP body crossing the
 * proxy gets a media session, the far leg's SDP carries the media-termination address and port of
 * that leg, and the sender's address becomes the session's remote on its leg. Enforces the seed's
 * media limitations (UND-15): fax ({@code m=image}) refused with 488, H.264 video refused by port 0
 * keeping audio, RTCP attributes stripped.
 *
 * <p>SRTP (catalogue §3): media on the Internet leg is SRTP keyed with SDES (RFC 4568), inside it is RTP.
 * An offer from the Internet must be {@code RTP/SAVP} with {@code a=crypto}; plain {@code RTP/AVP} is
 * refused with 488 and counted as "RTP over UC-IME" (UND-15). The inside leg sees {@code RTP/AVP} without
 * keys; what goes to the Internet is {@code RTP/SAVP} with the appliance's own keys. An answer from the
 * Internet without SRTP cannot be refused: its streams are disabled (port 0) toward the inside and the call
 * is counted the same way.
 */
final class MediaInsertion {

    record Refusal(int code, String reason, TerminationCause cause) {
        Refusal(int code, String reason) {
            this(code, reason, TerminationCause.OTHER);
        }
    }

    /** The SDP profile of SRTP (RFC 3711 §12), required on the Internet leg. */
    static final String SAVP = "RTP/SAVP";
    static final String AVP = "RTP/AVP";
    private static final String CRYPTO = "crypto";

    /**
     * @param body    the rewritten SDP, null when refused
     * @param refusal why the SDP is refused (an offer), or null
     * @param noted   a cause to count although the SDP was accepted (an answer with plain RTP), or null
     */
    record Result(byte[] body, Refusal refusal, TerminationCause noted) {
        Result(byte[] body, Refusal refusal) {
            this(body, refusal, null);
        }
    }

    private MediaInsertion() {
    }

    static Result apply(MediaTermination media, UcImeConfig cfg, Call call, Leg from, byte[] body,
            InetSocketAddress egressSignaling, boolean offer) {
        Sdp sdp = Sdp.parse(body);
        String sessionAddress = sdp.connectionAddress();
        String egressMedia = null;
        List<Sdp.Media> streams = sdp.media();
        TerminationCause noted = null;
        for (int i = 0; i < streams.size(); i++) {
            Sdp.Media m = streams.get(i);
            String type = m.media().toLowerCase(Locale.ROOT);
            if (type.equals("image")) {
                return new Result(null, new Refusal(488, "Fax is not supported"));
            }
            if (type.equals("video") && isH264(m)) {
                m.port(0);
                continue;
            }
            if (m.port() == 0) {
                continue;
            }
            m.removeAttribute("rtcp");
            m.removeAttribute("rtcp-mux");
            if (type.equals("audio")) {
                call.held = internetPeerSilent(m, from, sessionAddress);
            }
            MediaSession session = i < call.media.size() ? call.media.get(i) : null;
            if (session == null) {
                String instance = cfg.mediaTermination().orElse(null);
                if (instance == null) {
                    return new Result(null, new Refusal(503, "no media-termination configured"));
                }
                try {
                    session = media.open(instance, call.callId);
                } catch (MediaUnavailableException e) {
                    return new Result(null, new Refusal(503, e.getMessage()));
                }
                while (call.media.size() <= i) {
                    call.media.add(null);
                }
                call.media.set(i, session);
            }
            Refusal srtpRefusal = srtp(session, m, from, offer);
            if (srtpRefusal != null) {
                if (offer) {
                    return new Result(null, srtpRefusal);
                }
                // an answer cannot be refused: the stream is disabled toward the inside
                noted = srtpRefusal.cause();
                m.port(0);
                continue;
            }
            String address = m.connectionAddress() != null ? m.connectionAddress() : sessionAddress;
            InetSocketAddress remote = new InetSocketAddress(address, m.port());
            InetSocketAddress local;
            if (from == Leg.OUTSIDE) {
                session.outsideRemote(remote);
                local = session.insideLocal();
            } else {
                session.insideRemote(remote);
                local = session.outsideLocal();
            }
            m.port(local.getPort());
            String localAddress = local.getAddress().getHostAddress();
            if (m.connectionAddress() != null) {
                m.connectionAddress(localAddress);
            }
            if (egressMedia == null) {
                egressMedia = localAddress;
            }
            if (type.equals("audio")) {
                call.audio.set(i);
                if (call.payloadType < 0 && !m.formats().isEmpty()) {
                    String pt = m.formats().get(0);
                    call.payloadType = parseInt(pt);
                    call.codecName = codec(m, pt);
                    call.clockRate = clockRate(m, pt);
                }
                int ptime = ptime(m);
                // the inside's a=ptime is what the Internet peer is asked to send (RFC 8866 §6.4)
                if (ptime > 0 && (from == Leg.INSIDE || call.ptimeMs == 0)) {
                    call.ptimeMs = ptime;
                }
            }
        }
        String origin = egressMedia != null ? egressMedia : egressSignaling.getAddress().getHostAddress();
        if (sessionAddress != null) {
            sdp.connectionAddress(origin);
        }
        sdp.originAddress(origin);
        return new Result(sdp.encode(), null, noted);
    }

    /**
     * SDES on one stream: from the Internet, takes the peer's keys and turns the stream into RTP/AVP for
     * the inside; from the inside, turns it into RTP/SAVP with the appliance's keys.
     *
     * @return why the stream cannot be accepted, or null
     */
    private static Refusal srtp(MediaSession session, Sdp.Media m, Leg from, boolean offer) {
        String proto = m.proto() == null ? "" : m.proto().toUpperCase(Locale.ROOT);
        List<String> crypto = new ArrayList<>();
        for (String a : m.attributes()) {
            if (a.regionMatches(true, 0, CRYPTO + ":", 0, CRYPTO.length() + 1)) {
                crypto.add(a.substring(CRYPTO.length() + 1));
            }
        }
        try {
            if (from == Leg.OUTSIDE) {
                if (!proto.equals(SAVP) || crypto.isEmpty()) {
                    return new Refusal(488, "RTP over UC-IME is not supported: offer RTP/SAVP with a=crypto",
                            TerminationCause.RTP_OVER_UC_IME);
                }
                if (offer) {
                    session.srtpAnswer(crypto);
                } else {
                    session.srtpAnswered(crypto);
                }
                m.removeAttribute(CRYPTO);
                m.proto(AVP);
            } else {
                if (!proto.equals(AVP)) {
                    return new Refusal(488, "the inside leg carries RTP/AVP only, not " + m.proto());
                }
                m.removeAttribute(CRYPTO);
                m.proto(SAVP);
                if (offer) {
                    for (String line : session.srtpOffer()) {
                        m.addAttribute(CRYPTO + ":" + line);
                    }
                } else {
                    String line = session.srtpAnswerLine().orElse(null);
                    if (line == null) {
                        return new Refusal(488, "no SRTP offer from the Internet to answer");
                    }
                    m.addAttribute(CRYPTO + ":" + line);
                }
            }
        } catch (MediaNegotiationException e) {
            return new Refusal(488, e.getMessage());
        }
        return null;
    }

    /**
     * Whether this SDP stops the Internet peer's media (hold, RFC 3264 §8.4): the peer's own SDP says it will
     * not send ({@code recvonly}, {@code inactive}), or the inside's SDP asks it not to ({@code sendonly},
     * {@code inactive}, or the old {@code c=0.0.0.0}).
     */
    static boolean internetPeerSilent(Sdp.Media m, Leg from, String sessionAddress) {
        String direction = "sendrecv";
        for (String a : m.attributes()) {
            String l = a.trim().toLowerCase(Locale.ROOT);
            if (l.equals("sendrecv") || l.equals("sendonly") || l.equals("recvonly") || l.equals("inactive")) {
                direction = l;
            }
        }
        if (direction.equals("inactive")) {
            return true;
        }
        if (from == Leg.OUTSIDE) {
            return direction.equals("recvonly");
        }
        String address = m.connectionAddress() != null ? m.connectionAddress() : sessionAddress;
        return direction.equals("sendonly") || "0.0.0.0".equals(address);
    }

    private static boolean isH264(Sdp.Media m) {
        for (String a : m.attributes()) {
            String l = a.toLowerCase(Locale.ROOT);
            if (l.startsWith("rtpmap:") && l.contains(" h264/")) {
                return true;
            }
        }
        return false;
    }

    private static String codec(Sdp.Media m, String pt) {
        for (String a : m.attributes()) {
            if (a.startsWith("rtpmap:" + pt + " ")) {
                String enc = a.substring(("rtpmap:" + pt + " ").length());
                int slash = enc.indexOf('/');
                return slash > 0 ? enc.substring(0, slash) : enc;
            }
        }
        return switch (pt) {
            case "0" -> "PCMU";
            case "8" -> "PCMA";
            case "9" -> "G722";
            case "18" -> "G729";
            default -> "PT" + pt;
        };
    }

    /** The clock rate of {@code a=rtpmap:<pt> <name>/<rate>}, else 8000 (every static audio type but L16). */
    static int clockRate(Sdp.Media m, String pt) {
        for (String a : m.attributes()) {
            if (a.startsWith("rtpmap:" + pt + " ")) {
                String[] enc = a.substring(("rtpmap:" + pt + " ").length()).split("/");
                int rate = enc.length > 1 ? parseInt(enc[1].trim()) : -1;
                return rate >= 1 && rate <= 1_000_000 ? rate : 8000;
            }
        }
        return 8000;
    }

    /** {@code a=ptime:<ms>} (1-1000), or 0. */
    static int ptime(Sdp.Media m) {
        for (String a : m.attributes()) {
            if (a.regionMatches(true, 0, "ptime:", 0, 6)) {
                String v = a.substring(6).trim();
                int dot = v.indexOf('.');
                int ms = parseInt(dot >= 0 ? v.substring(0, dot) : v);
                return ms >= 1 && ms <= 1000 ? ms : 0;
            }
        }
        return 0;
    }

    private static int parseInt(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    static boolean isLiteral(String host) {
        try {
            return InetAddress.getByName(host).getHostAddress().equals(host);
        } catch (Exception e) {
            return false;
        }
    }
}
