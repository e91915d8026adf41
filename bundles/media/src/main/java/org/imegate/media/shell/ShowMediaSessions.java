package org.imegate.media.shell;

import java.net.InetSocketAddress;
import java.util.Comparator;
import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.imegate.api.media.MediaSessionInfo;
import org.imegate.media.MediaAdmin;
import org.imegate.media.RelaySession;
import org.imegate.media.RtpRelay;

/**
 * {@code show uc-ime media-sessions detail}: per session the Internet leg and the inside leg in the
 * seed's layout (catalogue §3.3), plus the drop counters. Blank when no session is open.
 */
@Service
@Command(scope = "media-termination", name = "show-media-sessions",
        description = "Shows the open media sessions with their addresses and packet counters")
public class ShowMediaSessions implements Action {

    @Reference
    MediaAdmin media;

    @Override
    public Object execute() {
        System.out.print(render(media.stats(), media.openSessions().stream()
                .sorted(Comparator.comparing(RelaySession::id)).toList()));
        return null;
    }

    static String render(RtpRelay.Stats stats, List<RelaySession> sessions) {
        if (sessions.isEmpty()) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        b.append(' ').append(sessions.size()).append(" in use, ").append(stats.mostUsed()).append(" most used\n");
        for (RelaySession s : sessions) {
            MediaSessionInfo i = s.info();
            b.append("Media-session: ").append(addr(i.outsideLocal())).append(" :: client ip ")
                    .append(addr(i.outsideRemote())).append('\n');
            b.append(" Call ID: ").append(i.callId()).append('\n');
            b.append(" Session ID: ").append(i.id()).append(" (media-termination ").append(i.instance()).append(")\n");
            b.append("  Lcl RTP conn ").append(addr(i.outsideLocal())).append(" to ").append(addr(i.outsideRemote()))
                    .append(" tx_pkts ").append(i.packetsToOutside()).append(" rx_pkts ").append(i.packetsFromOutside())
                    .append('\n');
            b.append("   dropped ").append(i.dropped()).append(s.dropSummary()).append('\n');
            b.append("Media-session: ").append(addr(i.insideLocal())).append(" :: client ip ")
                    .append(addr(i.insideRemote())).append('\n');
            b.append(" Call ID: N/A\n");
            b.append("  Lcl RTP conn ").append(addr(i.insideLocal())).append(" to ").append(addr(i.insideRemote()))
                    .append(" tx_pkts ").append(i.packetsToInside()).append(" rx_pkts ").append(i.packetsFromInside())
                    .append('\n');
        }
        return b.toString();
    }

    private static String addr(InetSocketAddress a) {
        return a == null ? "-" : a.getAddress().getHostAddress() + "/" + a.getPort();
    }
}
