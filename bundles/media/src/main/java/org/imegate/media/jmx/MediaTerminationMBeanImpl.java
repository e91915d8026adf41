package org.imegate.media.jmx;

import java.net.InetSocketAddress;
import javax.management.DynamicMBean;
import javax.management.NotCompliantMBeanException;
import javax.management.StandardMBean;
import javax.management.openmbean.CompositeDataSupport;
import javax.management.openmbean.CompositeType;
import javax.management.openmbean.OpenDataException;
import javax.management.openmbean.OpenType;
import javax.management.openmbean.SimpleType;
import javax.management.openmbean.TabularData;
import javax.management.openmbean.TabularDataSupport;
import javax.management.openmbean.TabularType;
import org.imegate.api.media.MediaSessionInfo;
import org.imegate.api.media.MediaTermination;
import org.imegate.api.media.MediaTerminationMBean;
import org.imegate.media.MediaAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code org.imegate:type=media,name=termination}: relay counters and the open sessions. */
@Component(service = {MediaTerminationMBean.class, DynamicMBean.class},
        property = "jmx.objectname=org.imegate:type=media,name=termination")
public final class MediaTerminationMBeanImpl extends StandardMBean implements MediaTerminationMBean {

    static final String[] COLUMNS = {"Id", "CallId", "Instance", "OutsideLocal", "OutsideRemote", "InsideLocal",
        "InsideRemote", "PacketsFromOutside", "PacketsToInside", "PacketsFromInside", "PacketsToOutside", "Dropped",
        "Opened", "LastPacket"};
    private static final CompositeType SESSION;
    private static final TabularType SESSIONS;

    static {
        try {
            OpenType<?>[] types = new OpenType<?>[COLUMNS.length];
            for (int i = 0; i < COLUMNS.length; i++) {
                types[i] = COLUMNS[i].startsWith("Packets") || COLUMNS[i].equals("Dropped") ? SimpleType.LONG
                        : SimpleType.STRING;
            }
            SESSION = new CompositeType("MediaSession", "An open media session", COLUMNS,
                    new String[] {"session id", "Call-ID", "media-termination instance", "appliance ip/port on the Internet leg",
                        "Internet peer ip/port, empty while unknown", "appliance ip/port on the inside leg",
                        "inside peer ip/port, empty while unknown", "packets received on the Internet leg",
                        "packets relayed to the inside peer", "packets received on the inside leg",
                        "packets relayed to the Internet peer", "packets dropped", "opened (ISO-8601)",
                        "last packet (ISO-8601), empty if none"},
                    types);
            SESSIONS = new TabularType("MediaSessions", "The open media sessions", SESSION, new String[] {"Id"});
        } catch (OpenDataException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final MediaAdmin admin;
    private final MediaTermination media;

    @Activate
    public MediaTerminationMBeanImpl(@Reference MediaAdmin admin, @Reference MediaTermination media)
            throws NotCompliantMBeanException {
        super(MediaTerminationMBean.class);
        this.admin = admin;
        this.media = media;
    }

    @Override
    public int getActiveSessions() {
        return admin.stats().active();
    }

    @Override
    public long getSessionsOpened() {
        return admin.stats().opened();
    }

    @Override
    public long getSessionsRefused() {
        return admin.stats().refused();
    }

    @Override
    public long getPacketsRelayed() {
        return admin.stats().relayed();
    }

    @Override
    public long getPacketsDropped() {
        return admin.stats().dropped();
    }

    @Override
    public int getSrtpSessionsActive() {
        return admin.stats().srtpActive();
    }

    @Override
    public int getSrtpSessionsMostUsed() {
        return admin.stats().srtpMostUsed();
    }

    @Override
    public long getSrtpSessionsRefused() {
        return admin.stats().srtpRefused();
    }

    @Override
    public int getSrtpSessionLimit() {
        return admin.stats().srtpLimit();
    }

    @Override
    public TabularData getSessions() {
        TabularDataSupport table = new TabularDataSupport(SESSIONS);
        for (MediaSessionInfo s : media.sessions()) {
            try {
                table.put(new CompositeDataSupport(SESSION, COLUMNS, new Object[] {s.id(), s.callId(), s.instance(),
                    addr(s.outsideLocal()), addr(s.outsideRemote()), addr(s.insideLocal()), addr(s.insideRemote()),
                    s.packetsFromOutside(), s.packetsToInside(), s.packetsFromInside(), s.packetsToOutside(),
                    s.dropped(), s.opened().toString(), s.lastPacket() == null ? "" : s.lastPacket().toString()}));
            } catch (OpenDataException e) {
                throw new IllegalStateException(e);
            }
        }
        return table;
    }

    private static String addr(InetSocketAddress a) {
        return a == null ? "" : a.getAddress().getHostAddress() + "/" + a.getPort();
    }

    @Override
    public String showMediaSessions(boolean detail) {
        return org.imegate.media.MediaSessionsText.render(admin.stats(), java.util.List.copyOf(admin.openSessions()), detail);
    }
}
