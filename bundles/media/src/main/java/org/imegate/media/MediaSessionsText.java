package org.imegate.media;

import java.net.InetSocketAddress;
import java.util.Comparator;
import java.util.List;
import org.imegate.api.media.MediaSessionInfo;
import org.imegate.api.rtpmonitor.MetricsSnapshot;

/**
 * The text of {@code show uc-ime media-sessions [detail]} (catalogue §3.3, §4.5), shared by the shell command
 * and the MBean. Each media session of a call appears twice, as on the seed: the Internet leg (its local
 * address, the inside peer as "client ip", the SRTP connection to the remote enterprise and, when the call is
 * monitored, the RTP metrics) and the inside leg (its local address, the remote enterprise as "client ip",
 * the RTP connection to the phone). Blank when no session is open.
 *
 * <p>{@code refcnt} counts what holds the session: the signaling session that opened it, the SRTP context
 * once keys are negotiated, the RTP monitor's stream while the call is monitored (3 for a monitored SRTP
 * call, as on the seed). No session is passthrough: every Internet leg is SRTP terminated here.
 */
public final class MediaSessionsText {
    private static final String[] METRIC_NAMES = {"Failover_state", "Sum_all_packets", "Codec_payload_format",
        "RTP_ptime_ms", "Max_RBLR_pct_x100", "Max_ITE_count_in_8_sec", "Max_BLS_ms", "Max_PDV_usec", "Min_PDV_usec",
        "Mov_avg_PDV_usec", "Total_ITE_count", "Total_sec_count", "Concealed_sec_count", "Severely_concealed_sec_count",
        "Max_call_interval_ms", "Total_SequenceNumber_Resets"};

    private MediaSessionsText() {
    }

    /** The text for these sessions (any order: sorted by id here). */
    public static String render(RtpRelay.Stats stats, List<RelaySession> sessions, boolean detail) {
        if (sessions.isEmpty()) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        b.append(' ').append(sessions.size()).append(" in use, ").append(stats.mostUsed()).append(" most used\n");
        for (RelaySession s : sessions.stream().sorted(Comparator.comparing(RelaySession::id)).toList()) {
            MediaSessionInfo i = s.info();
            b.append("Media-session: ").append(addr(i.outsideLocal())).append(" :: client ip ")
                    .append(addr(i.insideRemote())).append('\n');
            if (detail) {
                b.append(" Call ID: ").append(i.callId()).append('\n');
                b.append(" Session ID: ").append(i.id()).append('\n');
                b.append("  Lcl ").append(i.srtp() ? "SRTP" : "RTP").append(" conn ").append(addr(i.outsideLocal()))
                        .append(" to ").append(addr(i.outsideRemote())).append(" tx_pkts ").append(i.packetsToOutside())
                        .append(" rx_pkts ").append(i.packetsFromOutside()).append('\n');
                int refcnt = 1 + (i.srtp() ? 1 : 0) + (i.metrics() != null ? 1 : 0);
                b.append("   refcnt ").append(refcnt).append(" : created by Inspect SIP, passthrough not set\n");
                b.append("   media-termination ").append(i.instance()).append(", dropped ").append(i.dropped())
                        .append(s.dropSummary());
                if (i.srtp()) {
                    b.append(", ").append(i.srtpSuite()).append(" auth failures ").append(i.srtpAuthFailures())
                            .append(" replays ").append(i.srtpReplays());
                }
                b.append('\n');
                metrics(b, i);
            }
            b.append("Media-session: ").append(addr(i.insideLocal())).append(" :: client ip ")
                    .append(addr(i.outsideRemote())).append('\n');
            if (detail) {
                b.append(" Call ID: N/A\n");
                b.append("  Lcl RTP conn ").append(addr(i.insideLocal())).append(" to ").append(addr(i.insideRemote()))
                        .append(" tx_pkts ").append(i.packetsToInside()).append(" rx_pkts ").append(i.packetsFromInside())
                        .append('\n');
            }
        }
        return b.toString();
    }

    private static void metrics(StringBuilder b, MediaSessionInfo i) {
        MetricsSnapshot m = i.metrics();
        if (m == null) {
            b.append("   RTP monitoring is disabled\n");
            return;
        }
        b.append("   RTP monitoring is enabled\n");
        long[] v = {i.failoverState(), m.sumAllPackets(), m.codecPayloadFormat(), m.rtpPtimeMs(), m.maxRblrPctX100(),
            m.maxIteCountIn8Sec(), m.maxBlsMs(), m.maxPdvUsec(), m.minPdvUsec(), m.movAvgPdvUsec(), m.totalIteCount(),
            m.totalSecCount(), m.concealedSecCount(), m.severelyConcealedSecCount(), m.maxCallIntervalMs(),
            m.totalSequenceNumberResets()};
        for (int k = 0; k < v.length; k++) {
            b.append("     ").append(String.format("%-29s", METRIC_NAMES[k])).append(": ").append(v[k]).append('\n');
        }
    }

    private static String addr(InetSocketAddress a) {
        return a == null ? "-" : a.getAddress().getHostAddress() + "/" + a.getPort();
    }
}
