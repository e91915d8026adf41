package org.imegate.sip.proxy;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.imegate.api.media.MediaSession;
import org.imegate.api.media.MediaSessionInfo;

/** One signaling session as {@code show uc-ime signaling-sessions} prints it (S1 L760-784). */
public record SessionView(String callId, String sessionId, String state, String direction, InetSocketAddress inside,
        InetSocketAddress outside, List<MediaSessionInfo> media, int fbSensitivity, String trunkUri, String codecName,
        int payloadType) {

    static SessionView of(Call c) {
        List<MediaSessionInfo> media = new ArrayList<>();
        for (MediaSession m : c.media) {
            if (m != null) {
                media.add(m.info());
            }
        }
        return new SessionView(c.callId, c.sessionId, c.state.name(), c.origin == Leg.OUTSIDE ? "inbound" : "outbound",
                c.inside == null ? null : c.inside.remote(), c.outside == null ? null : c.outside.remote(), media,
                c.fallbackSensitivity, c.trunkUri, c.codecName, c.payloadType);
    }

    /** The seed's block for this session. */
    public String show() {
        StringBuilder b = new StringBuilder();
        b.append("inside ").append(endpoint(inside)).append(" outside ").append(endpoint(outside)).append('\n');
        for (MediaSessionInfo m : media) {
            b.append("Local Media (audio) conn: ").append(slash(m.outsideLocal())).append(" to ")
                    .append(slash(m.outsideRemote())).append('\n');
            // the Internet leg's keys are applied together, once the offer and the answer both carried a=crypto
            String keys = m.srtp() ? "set" : "not set";
            b.append("Local SRTP key ").append(keys).append(" : Remote SRTP key ").append(keys).append('\n');
            b.append("Remote Media (audio) conn: ").append(slash(m.insideLocal())).append(" to ")
                    .append(slash(m.insideRemote())).append('\n');
        }
        b.append("Call-ID: ").append(callId).append('\n');
        b.append("FB Sensitivity: ").append(fbSensitivity).append('\n');
        b.append("Session ID: ").append(sessionId).append('\n');
        b.append("SIP Trunk URI: ").append(trunkUri.isEmpty() ? "-" : trunkUri);
        b.append(" Codec-name: ").append(codecName.isEmpty() ? "-" : codecName);
        b.append(" Payload type: ").append(payloadType < 0 ? "-" : Integer.toString(payloadType)).append('\n');
        return b.toString();
    }

    private static String endpoint(InetSocketAddress a) {
        return a == null ? "-" : a.getAddress().getHostAddress() + ":" + a.getPort();
    }

    private static String slash(InetSocketAddress a) {
        return a == null ? "-" : a.getAddress().getHostAddress() + "/" + a.getPort();
    }
}
