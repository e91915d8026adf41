package org.imegate.sip.proxy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.imegate.api.media.MediaSession;
import org.imegate.sip.config.Ucm;

/**
 * A signaling session: one SIP dialog (Call-ID) crossing the proxy, with the connections of both legs
 * and the media sessions of its streams (by m-line index).
 */
final class Call {
    enum State { CALLING, ESTABLISHED, TERMINATED }

    final String callId;
    final String sessionId = UUID.randomUUID().toString();
    /** The leg the initial INVITE came from: OUTSIDE for inbound calls, INSIDE for outbound. */
    final Leg origin;
    final Instant created = Instant.now();
    final List<MediaSession> media = new ArrayList<>();
    State state = State.CALLING;
    Connection outside;
    Connection inside;
    Ucm ucm;
    String trunkUri = "";
    String codecName = "";
    int payloadType = -1;
    /** From {@code X-Cisco-UC-IME-Fallback: sensitivity=<n>} of the call agent (UND-05); 0 when absent. */
    int fallbackSensitivity;
    /** {@code a=ptime} of the audio stream (the inside SDP's first), 0 when not signalled. */
    int ptimeMs;
    /** RTP clock rate of the audio stream's first payload format. */
    int clockRate = 8000;
    /** Indexes of the audio m-lines in {@link #media}. */
    final java.util.BitSet audio = new java.util.BitSet();
    /** Tags of the dialog (initial INVITE's From, its 2xx's To), for the fallback REFER's Target-Dialog. */
    String fromTag;
    String toTag;
    /** Whether the audio streams were handed to the RTP monitor. */
    boolean monitoring;
    /** Whether the last SDP put the Internet peer's audio on hold (it sends nothing meanwhile). */
    boolean held;
    /** The hold state the monitoring was last set for. */
    boolean heldMonitored;
    /** Counted at the end of the call instead of the cause of its ending (a media answer refused), or null. */
    org.imegate.api.sip.TerminationCause cause;
    long lastActivity = System.nanoTime();

    Call(String callId, Leg origin) {
        this.callId = callId;
        this.origin = origin;
    }

    Connection connection(Leg leg) {
        return leg == Leg.OUTSIDE ? outside : inside;
    }

    void connection(Leg leg, Connection c) {
        if (leg == Leg.OUTSIDE) {
            outside = c;
        } else {
            inside = c;
        }
    }

    void closeMedia() {
        for (MediaSession m : media) {
            if (m != null) {
                m.close();
            }
        }
    }
}
