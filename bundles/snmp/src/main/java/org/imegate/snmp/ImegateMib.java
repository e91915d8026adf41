package org.imegate.snmp;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.imegate.api.alert.AlertCatalogue;
import org.imegate.api.alert.AlertDefinition;

/**
 * IMEGATE-MIB: the OIDs the agent serves and the text of the MIB module shipped in the distribution
 * ({@code mibs/IMEGATE-MIB.txt}), both from this one table so that they cannot disagree.
 *
 * <p>Every counter object reads one attribute of one imegate MBean (the seed's counter name) on each request. An
 * object whose MBean is not registered (a module not installed yet, such as the IME server or the ring) answers
 * {@code noSuchObject} to a GET and is skipped by GETNEXT/GETBULK; no value is made up.
 *
 * <p>The module sits under {@code experimental} (1.3.6.1.3) until the project has an IANA private enterprise
 * number; {@link #ROOT} is the only place that says so, besides the MIB text it renders.
 */
public final class ImegateMib {

    /** {@code imegateMIB}. */
    public static final String ROOT = "1.3.6.1.3.4242";
    public static final String NOTIFICATIONS = ROOT + ".0";
    public static final String OBJECTS = ROOT + ".1";
    public static final String CONFORMANCE = ROOT + ".2";
    public static final String PRODUCTS = ROOT + ".3";
    /** sysObjectID of the appliance. */
    public static final String APPLIANCE = PRODUCTS + ".1";
    public static final String ALERT_OBJECTS = OBJECTS + ".5";
    public static final String ALERT_NAME = ALERT_OBJECTS + ".1";
    public static final String ALERT_SEVERITY = ALERT_OBJECTS + ".2";
    public static final String ALERT_STATE = ALERT_OBJECTS + ".3";
    public static final String ALERT_MODULE = ALERT_OBJECTS + ".4";
    public static final String ALERT_TEXT = ALERT_OBJECTS + ".5";
    public static final String ALERT_TIME = ALERT_OBJECTS + ".6";

    /** SMI type of a counter object. */
    public enum Kind {
        COUNTER64("Counter64"), GAUGE32("Gauge32"), INTEGER32("Integer32");

        final String smi;

        Kind(String smi) {
            this.smi = smi;
        }
    }

    /** A group of counters from one MBean. */
    public record Group(String descriptor, String oid, String objectName, String description) {
    }

    /**
     * One counter object: {@code descriptor} in the MIB, its OID (the scalar; the instance adds {@code .0}), the
     * MBean attribute it reads, its SMI type and description.
     */
    public record Counter(Group group, String descriptor, String oid, String attribute, Kind kind,
            String description) {
    }

    private static final List<Group> GROUPS = new ArrayList<>();
    private static final List<Counter> COUNTERS = new ArrayList<>();

    static {
        Group sig = group("imegateSignaling", OBJECTS + ".1.1", "org.imegate:type=sip,name=uc-ime",
                "show uc-ime signaling-sessions statistics (catalogue 1.7, 5.3)");
        counter(sig, "ucImeInUse", "InUse", Kind.GAUGE32, "Signaling sessions in use now.");
        counter(sig, "ucImeMostUsed", "MostUsed", Kind.GAUGE32, "The most signaling sessions in use at once.");
        counter(sig, "ucImeTerminated", "Terminated", Kind.COUNTER64, "Signaling sessions terminated.");
        counter(sig, "ucImeTicketIntegrityCheckFailed", "TicketIntegrityCheckFailed", Kind.COUNTER64,
                "Ticket integrity check failed.");
        counter(sig, "ucImeTicketDecodeFailed", "TicketDecodeFailed", Kind.COUNTER64, "Ticket decode failed.");
        counter(sig, "ucImeTicketEpochMismatch", "TicketEpochMismatch", Kind.COUNTER64, "Ticket epoch mismatch.");
        counter(sig, "ucImeTicketDIDMismatch", "TicketDIDMismatch", Kind.COUNTER64, "Ticket DID mismatch.");
        counter(sig, "ucImeTicketTimestampInvalid", "TicketTimestampInvalid", Kind.COUNTER64,
                "Ticket timestamp invalid.");
        counter(sig, "ucImeTicketDomainCheckFailed", "TicketDomainCheckFailed", Kind.COUNTER64,
                "Ticket domain check failed.");
        counter(sig, "ucImeTicketNotFound", "TicketNotFound", Kind.COUNTER64, "Ticket not found.");
        counter(sig, "ucImeRouteDomainNameCheckFailed", "RouteDomainNameCheckFailed", Kind.COUNTER64,
                "Route domain name check failed.");
        counter(sig, "ucImeRTPOverUCIME", "RTPOverUCIME", Kind.COUNTER64, "RTP over UC-IME (plain RTP refused).");
        counter(sig, "ucImeVerificationFailures", "VerificationFailures", Kind.COUNTER64,
                "Requests refused by SIP verification.");

        Group media = group("imegateMedia", OBJECTS + ".1.2", "org.imegate:type=media,name=termination",
                "Media termination and SRTP sessions (catalogue 3, 4.5)");
        counter(media, "mediaActiveSessions", "ActiveSessions", Kind.GAUGE32, "Media sessions open now.");
        counter(media, "mediaSessionsOpened", "SessionsOpened", Kind.COUNTER64, "Media sessions opened.");
        counter(media, "mediaSessionsRefused", "SessionsRefused", Kind.COUNTER64,
                "Media sessions refused for want of a port.");
        counter(media, "mediaPacketsRelayed", "PacketsRelayed", Kind.COUNTER64, "RTP packets relayed.");
        counter(media, "mediaPacketsDropped", "PacketsDropped", Kind.COUNTER64, "RTP packets dropped.");
        counter(media, "mediaSrtpSessionsActive", "SrtpSessionsActive", Kind.GAUGE32, "SRTP sessions now.");
        counter(media, "mediaSrtpSessionsMostUsed", "SrtpSessionsMostUsed", Kind.GAUGE32,
                "The most SRTP sessions at once.");
        counter(media, "mediaSrtpSessionsRefused", "SrtpSessionsRefused", Kind.COUNTER64,
                "SRTP sessions refused at the licence limit.");
        counter(media, "mediaSrtpSessionLimit", "SrtpSessionLimit", Kind.GAUGE32, "The licence's SRTP limit.");

        Group fb = group("imegateFallbackNotification", OBJECTS + ".1.3",
                "org.imegate:type=sip,name=fallback-notification",
                "show uc-ime fallback-notification statistics (catalogue 4.6)");
        counter(fb, "fallbackTotalNotificationsSent", "TotalNotificationsSent", Kind.COUNTER64,
                "Fallback REFERs sent to call agents.");
        counter(fb, "fallbackNotificationsAccepted", "NotificationsAccepted", Kind.COUNTER64,
                "Fallback REFERs accepted (2xx).");
        counter(fb, "fallbackNotificationsFailed", "NotificationsFailed", Kind.COUNTER64,
                "Fallback REFERs refused, unanswered or lost.");

        Group tls = group("imegateTlsProxy", OBJECTS + ".1.4", "org.imegate:type=tls,name=proxy",
                "TLS proxy sessions (catalogue 2.1, 2.4)");
        counter(tls, "tlsProxyActiveSessions", "ActiveSessions", Kind.GAUGE32, "TLS proxy sessions now.");
        counter(tls, "tlsProxyMaximumSessions", "MaximumSessions", Kind.GAUGE32, "The TLS proxy session limit.");
        counter(tls, "tlsProxyHandshakesCompleted", "HandshakesCompleted", Kind.COUNTER64,
                "TLS handshakes completed.");
        counter(tls, "tlsProxyHandshakesFailed", "HandshakesFailed", Kind.COUNTER64, "TLS handshakes failed.");
        counter(tls, "tlsProxyRefusedOverLimit", "RefusedOverLimit", Kind.COUNTER64,
                "TLS sessions refused at the limit.");

        Group map = group("imegateMappingService", OBJECTS + ".1.5", "org.imegate:type=sip,name=mapping-service",
                "show uc-ime mapping-service-sessions statistics (catalogue 6.10)");
        counter(map, "mappingActiveSessions", "ActiveSessions", Kind.GAUGE32, "Call-agent connections now.");
        counter(map, "mappingTotalRequests", "TotalRequests", Kind.COUNTER64, "Mapping requests.");
        counter(map, "mappingResponsesSent", "ResponsesSent", Kind.COUNTER64, "Mapping responses sent.");
        counter(map, "mappingFailedRequests", "FailedRequests", Kind.COUNTER64, "Mapping requests that failed.");
        counter(map, "mappingPendingResponses", "PendingResponses", Kind.GAUGE32, "Requests not answered yet.");
        counter(map, "mappingActiveMappings", "ActiveMappings", Kind.GAUGE32, "Mappings alive now.");
        counter(map, "mappingMappingsCreated", "MappingsCreated", Kind.COUNTER64, "Mappings created.");

        Group tkt = group("imegateTicketVerifier", OBJECTS + ".1.6", "org.imegate:type=ticket,name=verifier",
                "Ticket verifier (catalogue 5)");
        counter(tkt, "ticketEpoch", "Epoch", Kind.INTEGER32, "The configured ticket epoch, 0 if none.");
        counter(tkt, "ticketVerifications", "Verifications", Kind.COUNTER64, "Tickets verified.");
        counter(tkt, "ticketValid", "Valid", Kind.COUNTER64, "Tickets found valid.");

        Group cfg = group("imegateImeConfigurationManager", OBJECTS + ".2.1",
                AlertCatalogue.IME_CONFIGURATION_MANAGER, "IME Configuration Manager (catalogue 9.1 MON-01)");
        counter(cfg, "daysUntilCertExpiry", "DaysUntilCertExpiry", Kind.INTEGER32,
                "Days until the distributed cache certificate expires.");

        Group ime = group("imegateImeServer", OBJECTS + ".2.2", AlertCatalogue.IME_SERVER,
                "IME Server (catalogue 9.1 MON-10..26)");
        counter(ime, "blockedValidationOrigTLSLimit", "BlockedValidationOrigTLSLimit", Kind.COUNTER64,
                "Validations blocked at the TLS validation threshold, originating side.");
        counter(ime, "blockedValidationTermTLSLimit", "BlockedValidationTermTLSLimit", Kind.COUNTER64,
                "Validations blocked at the TLS validation threshold, terminating side.");
        counter(ime, "clientsRegistered", "ClientsRegistered", Kind.GAUGE32, "IME clients (call agents) connected.");
        counter(ime, "internetBandwidthRecv", "InternetBandwidthRecv", Kind.GAUGE32,
                "Downlink Internet bandwidth consumed, kbit/s.");
        counter(ime, "internetBandwidthSend", "InternetBandwidthSend", Kind.GAUGE32,
                "Uplink Internet bandwidth consumed, kbit/s.");
        counter(ime, "terminatingVCRs", "TerminatingVCRs", Kind.GAUGE32, "VCRs stored after receiving calls.");
        counter(ime, "validationAttempts", "ValidationAttempts", Kind.COUNTER64, "Validations attempted.");
        counter(ime, "validationsAwaitingConfirmation", "ValidationsAwaitingConfirmation", Kind.GAUGE32,
                "Numbers validated, awaiting further calls.");
        counter(ime, "validationsPending", "ValidationsPending", Kind.GAUGE32,
                "Scheduled validation attempts (backlog).");
        counter(ime, "validationsBlocked", "ValidationsBlocked", Kind.COUNTER64,
                "Validations refused: calling party not trusted.");

        Group perf = group("imegateImeSystemPerformance", OBJECTS + ".2.3",
                "org.imegate:type=ime,name=system-performance", "IME Server System Performance (MON-30..35)");
        String[] prio = {"1High", "2Normal", "3Low", "4Lowest"};
        for (String p : prio) {
            counter(perf, "queueSignalsPresent" + p, "QueueSignalsPresent" + p, Kind.GAUGE32,
                    "Signals queued at priority " + p + ".");
        }
        for (String p : prio) {
            counter(perf, "queueSignalsProcessed" + p, "QueueSignalsProcessed" + p, Kind.GAUGE32,
                    "Signals processed per second at priority " + p + ".");
        }
        counter(perf, "queueSignalsProcessedTotal", "QueueSignalsProcessedTotal", Kind.GAUGE32,
                "Signals processed per second, all priorities.");

        Group ring = group("imegateRing", OBJECTS + ".3", AlertCatalogue.RING,
                "IME distributed cache ring (catalogue 9.1 MON-13..19)");
        counter(ring, "imeDistributedCacheHealth", "IMEDistributedCacheHealth", Kind.INTEGER32,
                "Ring health: 0 red, 1 yellow, 2 green.");
        counter(ring, "imeDistributedCacheNodeCount", "IMEDistributedCacheNodeCount", Kind.GAUGE32,
                "Approximate number of nodes in the ring.");
        counter(ring, "imeDistributedCacheQuota", "IMEDistributedCacheQuota", Kind.GAUGE32,
                "DIDs the attached call agents may write into the ring.");
        counter(ring, "imeDistributedCacheQuotaUsed", "IMEDistributedCacheQuotaUsed", Kind.GAUGE32,
                "Unique DIDs configured for publication.");
        counter(ring, "imeDistributedCacheReads", "IMEDistributedCacheReads", Kind.COUNTER64,
                "Reads attempted into the ring.");
        counter(ring, "imeDistributedCacheStoredData", "IMEDistributedCacheStoredData", Kind.GAUGE32,
                "Ring storage provided by this server, bytes (4294967295 at and above 4 GiB).");
        counter(ring, "imeDistributedCacheStores", "IMEDistributedCacheStores", Kind.COUNTER64,
                "Stores attempted into the ring.");

        Group drs = group("imegateDrs", OBJECTS + ".4", "org.imegate:type=drs,name=master-agent",
                "Disaster Recovery System (catalogue 7)");
        counter(drs, "drsBackupsCompleted", "BackupsCompleted", Kind.COUNTER64, "Backups completed.");
        counter(drs, "drsBackupsFailed", "BackupsFailed", Kind.COUNTER64, "Backups failed.");
        counter(drs, "drsRestoresCompleted", "RestoresCompleted", Kind.COUNTER64, "Restores completed.");
        counter(drs, "drsRestoresFailed", "RestoresFailed", Kind.COUNTER64, "Restores failed.");
    }

    private ImegateMib() {
    }

    private static Group group(String descriptor, String oid, String objectName, String description) {
        Group g = new Group(descriptor, oid, objectName, description);
        GROUPS.add(g);
        return g;
    }

    private static void counter(Group g, String descriptor, String attribute, Kind kind, String description) {
        int n = (int) COUNTERS.stream().filter(c -> c.group() == g).count() + 1;
        COUNTERS.add(new Counter(g, descriptor, g.oid() + "." + n, attribute, kind, description));
    }

    public static List<Group> groups() {
        return Collections.unmodifiableList(GROUPS);
    }

    public static List<Counter> counters() {
        return Collections.unmodifiableList(COUNTERS);
    }

    /** The notification OID of {@code alertName}: its own, or the generic one for an alert not in the catalogue. */
    public static String notificationOid(String alertName) {
        int n = AlertCatalogue.find(alertName).map(AlertDefinition::notification)
                .orElse(AlertCatalogue.GENERIC_NOTIFICATION);
        return NOTIFICATIONS + "." + n;
    }

    /** {@code imegate} + the alert name: the descriptor of its NOTIFICATION-TYPE. */
    static String notificationDescriptor(String alertName) {
        return "imegate" + alertName;
    }

    /** The text of IMEGATE-MIB (SMIv2), as shipped in {@code mibs/IMEGATE-MIB.txt}. */
    public static String render() {
        StringBuilder m = new StringBuilder();
        m.append("IMEGATE-MIB DEFINITIONS ::= BEGIN\n\n");
        m.append("IMPORTS\n");
        m.append("    MODULE-IDENTITY, OBJECT-TYPE, NOTIFICATION-TYPE, Counter64, Gauge32, Integer32,\n");
        m.append("    experimental\n        FROM SNMPv2-SMI\n");
        m.append("    DisplayString\n        FROM SNMPv2-TC\n");
        m.append("    MODULE-COMPLIANCE, OBJECT-GROUP, NOTIFICATION-GROUP\n        FROM SNMPv2-CONF;\n\n");
        m.append("imegateMIB MODULE-IDENTITY\n");
        m.append("    LAST-UPDATED \"202611210000Z\"\n");
        m.append("    ORGANIZATION \"imegate\"\n");
        m.append("    CONTACT-INFO \"The imegate project\"\n");
        m.append("    DESCRIPTION\n        \"Counters and alert notifications of the imegate Intercompany Media Engine\n");
        m.append("        appliance: the UC-IME proxy, the IME server, the distributed cache ring and the\n");
        m.append("        Disaster Recovery System. Counter objects carry the seed's counter names. An object whose\n");
        m.append("        module is not running answers noSuchObject.\"\n");
        m.append("    REVISION \"202611210000Z\"\n    DESCRIPTION \"First version.\"\n");
        m.append("    ::= { experimental 4242 }\n\n");
        m.append("imegateNotifications OBJECT IDENTIFIER ::= { imegateMIB 0 }\n");
        m.append("imegateObjects       OBJECT IDENTIFIER ::= { imegateMIB 1 }\n");
        m.append("imegateConformance   OBJECT IDENTIFIER ::= { imegateMIB 2 }\n");
        m.append("imegateProducts      OBJECT IDENTIFIER ::= { imegateMIB 3 }\n\n");
        m.append("imegateAppliance     OBJECT IDENTIFIER ::= { imegateProducts 1 }\n\n");
        m.append("imegateProxy         OBJECT IDENTIFIER ::= { imegateObjects 1 }\n");
        m.append("imegateImeServerObjects OBJECT IDENTIFIER ::= { imegateObjects 2 }\n");
        m.append("imegateAlertObjects  OBJECT IDENTIFIER ::= { imegateObjects 5 }\n\n");
        for (Group g : GROUPS) {
            m.append("-- ").append(g.description()).append(", from MBean ").append(g.objectName()).append('\n');
            m.append(g.descriptor()).append(" OBJECT IDENTIFIER ::= { ").append(parentOf(g.oid())).append(" ")
                    .append(last(g.oid())).append(" }\n\n");
            for (Counter c : COUNTERS) {
                if (c.group() != g) {
                    continue;
                }
                m.append(c.descriptor()).append(" OBJECT-TYPE\n");
                m.append("    SYNTAX      ").append(c.kind().smi).append('\n');
                m.append("    MAX-ACCESS  read-only\n    STATUS      current\n");
                m.append("    DESCRIPTION \"").append(c.description()).append(" Attribute ").append(c.attribute())
                        .append(".\"\n");
                m.append("    ::= { ").append(g.descriptor()).append(" ").append(last(c.oid())).append(" }\n\n");
            }
        }
        m.append("-- Objects carried by every alert notification\n");
        scalarNotify(m, "imegateAlertName", "DisplayString (SIZE (1..64))", "The alert's name, e.g. ValidationsPendingExceeded.", 1);
        m.append("imegateAlertSeverity OBJECT-TYPE\n");
        m.append("    SYNTAX      INTEGER { emergency(1), alert(2), critical(3), error(4), warning(5), notice(6),\n");
        m.append("                          informational(7), debug(8) }\n");
        m.append("    MAX-ACCESS  accessible-for-notify\n    STATUS      current\n");
        m.append("    DESCRIPTION \"The alert's severity (syslog level + 1, as clogMaxSeverity).\"\n");
        m.append("    ::= { imegateAlertObjects 2 }\n\n");
        m.append("imegateAlertState OBJECT-TYPE\n");
        m.append("    SYNTAX      INTEGER { raised(1), cleared(2) }\n");
        m.append("    MAX-ACCESS  accessible-for-notify\n    STATUS      current\n");
        m.append("    DESCRIPTION \"Whether the alert's condition was entered or left.\"\n");
        m.append("    ::= { imegateAlertObjects 3 }\n\n");
        scalarNotify(m, "imegateAlertModule", "DisplayString", "The imegate module that raised the alert.", 4);
        scalarNotify(m, "imegateAlertText", "DisplayString", "The alert's text.", 5);
        scalarNotify(m, "imegateAlertTime", "DisplayString", "When the condition was observed, ISO-8601 UTC.", 6);
        m.append("-- One notification per alert of the catalogue (9.4, 7.7, proxy alerts)\n");
        for (AlertDefinition d : AlertCatalogue.all()) {
            notification(m, notificationDescriptor(d.name()), d.severity().name().toLowerCase(Locale.ROOT) + ": "
                    + d.description(), d.notification());
        }
        notification(m, "imegateAlertGeneric", "An alert that has no notification of its own.",
                AlertCatalogue.GENERIC_NOTIFICATION);
        m.append("imegateCompliances OBJECT IDENTIFIER ::= { imegateConformance 1 }\n");
        m.append("imegateGroups      OBJECT IDENTIFIER ::= { imegateConformance 2 }\n\n");
        int groupNo = 1;
        for (Group g : GROUPS) {
            m.append(g.descriptor()).append("Group OBJECT-GROUP\n    OBJECTS {\n");
            List<String> names = COUNTERS.stream().filter(c -> c.group() == g).map(Counter::descriptor).toList();
            m.append("        ").append(String.join(",\n        ", names)).append("\n    }\n");
            m.append("    STATUS current\n    DESCRIPTION \"").append(g.description()).append(".\"\n");
            m.append("    ::= { imegateGroups ").append(groupNo++).append(" }\n\n");
        }
        m.append("imegateAlertObjectsGroup OBJECT-GROUP\n    OBJECTS {\n");
        m.append("        imegateAlertName, imegateAlertSeverity, imegateAlertState, imegateAlertModule,\n");
        m.append("        imegateAlertText, imegateAlertTime\n    }\n    STATUS current\n");
        m.append("    DESCRIPTION \"Objects carried by the alert notifications.\"\n");
        m.append("    ::= { imegateGroups ").append(groupNo++).append(" }\n\n");
        m.append("imegateAlertNotificationsGroup NOTIFICATION-GROUP\n    NOTIFICATIONS {\n        ");
        List<String> notifications = new ArrayList<>();
        AlertCatalogue.all().forEach(d -> notifications.add(notificationDescriptor(d.name())));
        notifications.add("imegateAlertGeneric");
        m.append(String.join(",\n        ", notifications)).append("\n    }\n    STATUS current\n");
        m.append("    DESCRIPTION \"The alert notifications.\"\n");
        m.append("    ::= { imegateGroups ").append(groupNo).append(" }\n\n");
        m.append("imegateCompliance MODULE-COMPLIANCE\n    STATUS current\n");
        m.append("    DESCRIPTION \"An imegate appliance implements every group; the objects of a module that is not\n");
        m.append("        installed answer noSuchObject.\"\n    MODULE\n        MANDATORY-GROUPS {\n");
        List<String> all = new ArrayList<>();
        GROUPS.forEach(g -> all.add(g.descriptor() + "Group"));
        all.add("imegateAlertObjectsGroup");
        all.add("imegateAlertNotificationsGroup");
        m.append("            ").append(String.join(",\n            ", all)).append("\n        }\n");
        m.append("    ::= { imegateCompliances 1 }\n\n");
        m.append("END\n");
        return m.toString();
    }

    private static void scalarNotify(StringBuilder m, String name, String syntax, String description, int n) {
        m.append(name).append(" OBJECT-TYPE\n");
        m.append("    SYNTAX      ").append(syntax).append('\n');
        m.append("    MAX-ACCESS  accessible-for-notify\n    STATUS      current\n");
        m.append("    DESCRIPTION \"").append(description).append("\"\n");
        m.append("    ::= { imegateAlertObjects ").append(n).append(" }\n\n");
    }

    private static void notification(StringBuilder m, String name, String description, int n) {
        m.append(name).append(" NOTIFICATION-TYPE\n");
        m.append("    OBJECTS { imegateAlertName, imegateAlertSeverity, imegateAlertState, imegateAlertModule,\n");
        m.append("              imegateAlertText, imegateAlertTime }\n");
        m.append("    STATUS  current\n");
        m.append("    DESCRIPTION \"").append(description.replace("\"", "'")).append("\"\n");
        m.append("    ::= { imegateNotifications ").append(n).append(" }\n\n");
    }

    private static String parentOf(String oid) {
        String parent = oid.substring(0, oid.lastIndexOf('.'));
        if (parent.equals(OBJECTS)) {
            return "imegateObjects";
        }
        if (parent.equals(OBJECTS + ".1")) {
            return "imegateProxy";
        }
        if (parent.equals(OBJECTS + ".2")) {
            return "imegateImeServerObjects";
        }
        throw new IllegalStateException("no descriptor for " + parent);
    }

    private static String last(String oid) {
        return oid.substring(oid.lastIndexOf('.') + 1);
    }
}
