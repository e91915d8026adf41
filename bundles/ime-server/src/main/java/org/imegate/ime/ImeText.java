package org.imegate.ime;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.imegate.api.ime.LearnedRoute;
import org.imegate.api.ime.VServiceInfo;
import org.imegate.api.ime.ValidatorSettings;
import org.imegate.api.ime.VapClientStatus;
import org.imegate.api.ime.VapServerInfo;
import org.imegate.ime.vap.ServiceIdentity;

/** The IME server's {@code show} outputs in the seed's formats (catalogue §6.2, UND-21). */
public final class ImeText {
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    private ImeText() {
    }

    /** {@code show ime vapstatus summary} (S2 L3879-3887), one block per connected call agent. */
    public static String vapStatus(List<VapClientStatus> clients) {
        StringBuilder b = new StringBuilder();
        if (clients.isEmpty()) {
            b.append("VAP Client Connection Details\n");
            b.append("Registration Status ...... Not Registered\n");
            return b.toString();
        }
        for (VapClientStatus c : clients) {
            b.append("VAP Client Connection Details\n");
            b.append("Registration Status ...... ").append(c.registered() ? "Registered" : "Not Registered").append('\n');
            b.append("Client IP ADDR............ ").append(c.clientAddress()).append('\n');
            b.append("Client Handle ............ ").append(c.clientHandle()).append('\n');
            b.append("Packets Sent ............. ").append(c.packetsSent()).append('\n');
            b.append("Packets Rcvd ............. ").append(c.packetsReceived()).append('\n');
            b.append("VAPServer Name ........... ").append(c.vapServer()).append('\n');
            b.append("Missed Keep Alive Count .. ").append(c.missedKeepalives()).append('\n');
            b.append("Connection Up Time ....... ").append(upTime(c.upTime())).append('\n');
        }
        return b.toString();
    }

    /** {@code 3 hours 7 min 0 sec}. */
    static String upTime(Duration d) {
        long s = d.getSeconds();
        return (s / 3600) + " hours " + (s % 3600 / 60) + " min " + (s % 60) + " sec";
    }

    /** {@code show ime vservice details} (S2 L3921-3928). */
    public static String vservices(List<VServiceInfo> vservices) {
        if (vservices.isEmpty()) {
            return "No VService published\n";
        }
        StringBuilder b = new StringBuilder();
        for (VServiceInfo v : vservices) {
            b.append("VServiceProfiles: ").append(v.profile()).append('\n');
            b.append("VServiceId = ").append(ServiceIdentity.hex(v.vserviceId())).append('\n');
            b.append("overlay = ").append(v.dhtName()).append('\n');
            b.append("domain = ").append(v.domain()).append('\n');
            b.append("DiDCount (max) = ").append(v.didCount()).append('\n');
            if (!v.whitelist().isEmpty()) {
                b.append("whitelist = ").append(String.join(", ", v.whitelist())).append('\n');
            }
            if (!v.blacklist().isEmpty()) {
                b.append("blacklist = ").append(String.join(", ", v.blacklist())).append('\n');
            }
            b.append("SIPURI =\n");
            for (String uri : v.sipUris()) {
                b.append(uri).append('\n');
            }
        }
        return b.toString();
    }

    /** {@code show ime vapserver all|<name>} in the seed's label style. */
    public static String vapServers(List<VapServerInfo> servers) {
        if (servers.isEmpty()) {
            return "No VAP server configured\n";
        }
        StringBuilder b = new StringBuilder();
        for (VapServerInfo s : servers) {
            b.append("VAPServer Name ........... ").append(s.name()).append('\n');
            b.append("Port ..................... ").append(s.port()).append('\n');
            b.append("Authentication Mode ...... ").append(s.mode().name().toLowerCase()).append('\n');
            b.append("Enabled .................. ").append(s.enabled()).append('\n');
            b.append("Keep Alive Interval ...... ").append(s.keepaliveInterval()).append(" sec\n");
            b.append("Max Connections Allowed .. ").append(s.maxConnections()).append('\n');
            b.append("Trustpoint ............... ").append(s.trustpoint()).append('\n');
            b.append("Status ................... ").append(s.listening() ? "Listening" : "Not listening")
                    .append(", ").append(s.clients()).append(" connection(s)\n");
        }
        return b.toString();
    }

    /** {@code show ime validator}. */
    public static String validator(ValidatorSettings v, List<String> blocked, List<String> excluded) {
        return "Bucket Entropy (threshold) .... " + v.bucketEntropy() + " (" + v.validationsRequired()
                + " validations of value 8)\n"
                + "Minimum Interval .............. " + v.minIntervalMinutes() + " min\n"
                + "Maximum Validation Delay ...... " + v.maxDelaySeconds() + " sec\n"
                + "Time Tolerance ................ " + v.toleranceSeconds() + " sec\n"
                + "VCR Retention ................. " + v.retentionDays() + " days\n"
                + "TLS Validation Threshold ...... " + v.maxConcurrent() + " sessions, " + v.maxPerSecond() + "/sec\n"
                + "Blocked Domains ............... " + (blocked.isEmpty() ? "none" : String.join(", ", blocked)) + "\n"
                + "Excluded Numbers .............. " + (excluded.isEmpty() ? "none" : String.join(", ", excluded)) + "\n";
    }

    /** The learned routes (CUCM's IME Learned Routes fields, IME-51). */
    public static String routes(List<LearnedRoute> routes) {
        if (routes.isEmpty()) {
            return "No learned route\n";
        }
        StringBuilder b = new StringBuilder();
        for (LearnedRoute r : routes) {
            b.append("E.164 ........ ").append(r.number()).append('\n');
            b.append("Domain ....... ").append(r.domain()).append('\n');
            for (String u : r.sipUris()) {
                b.append("Signaling .... ").append(u).append('\n');
            }
            b.append("Learned-On ... ").append(DATE.format(r.learnedOn())).append('\n');
            b.append("Expires-On ... ").append(DATE.format(r.expiresOn())).append('\n');
            b.append("Ticket ....... ").append(r.ticket().length() > 24 ? r.ticket().substring(0, 24) + "..."
                    : r.ticket()).append('\n');
        }
        return b.toString();
    }
}
