package org.imegate.api.alert;

import static org.imegate.api.alert.AlertSeverity.ALERT;
import static org.imegate.api.alert.AlertSeverity.CRITICAL;
import static org.imegate.api.alert.AlertSeverity.ERROR;
import static org.imegate.api.alert.AlertSeverity.INFORMATIONAL;
import static org.imegate.api.alert.AlertSeverity.NOTICE;
import static org.imegate.api.alert.AlertSeverity.WARNING;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.imegate.api.alert.CounterCondition.Comparison;

/**
 * The alerts and alarms the appliance knows, with their default configuration: the IME server alerts of
 * catalogue §9.4 (MON-60..72, seed S2 L9020-9547), the DRS alarms of §7.7, and the appliance's own proxy alerts.
 * An alert posted under another name is still delivered, with the default rule (enabled, its own severity,
 * every poll) and the generic notification {@value #GENERIC_NOTIFICATION}.
 */
public final class AlertCatalogue {

    /** {@code imegateNotifications} sub-identifier of the notification of an alert not in the catalogue. */
    public static final int GENERIC_NOTIFICATION = 100;

    /** MBean of the IME server's counters (catalogue §9.1 object "IME Server"). */
    public static final String IME_SERVER = "org.imegate:type=ime,name=server";
    /** MBean of the IME configuration manager's counter DaysUntilCertExpiry. */
    public static final String IME_CONFIGURATION_MANAGER = "org.imegate:type=ime,name=configuration-manager";
    /** MBean of the distributed cache ring's counters (IMEDistributedCache*). */
    public static final String RING = "org.imegate:type=ring,name=cache";

    private static final Map<String, AlertDefinition> ALL;

    static {
        List<AlertDefinition> l = new ArrayList<>();
        AlertFrequency every = AlertFrequency.EVERY_POLL;
        // IME server alerts (MON-60..72)
        l.add(new AlertDefinition("BannedFromNetwork", "ime", ALERT,
                "Network administrators banned this IME server from the distributed cache ring.",
                "Cisco IME service banned from network", null, 0, every, 1));
        l.add(new AlertDefinition("IMEDistributedCacheCertificateExpiring", "ime", WARNING,
                "Days left until the distributed cache certificate expires; replace it before then.",
                "Cisco IME distributed cache certificate about to expire. 14 days.",
                new CounterCondition(IME_CONFIGURATION_MANAGER, "DaysUntilCertExpiry", Comparison.BELOW, 14, 14),
                0, AlertFrequency.upTo(1, 1440), 2));
        l.add(new AlertDefinition("IMEDistributedCacheFailure", "ring", ALERT,
                "The distributed cache ring is in state 1 (minor network issues) or 0 (network in trouble).",
                "IME distributed cache failure in states 1 and 0",
                new CounterCondition(RING, "IMEDistributedCacheHealth", Comparison.BELOW, 2, 2),
                0, AlertFrequency.upTo(1, 60), 3));
        l.add(new AlertDefinition("IMESdlLinkOutOfService", "ime", CRITICAL,
                "The IME service lost communication with the IME configuration manager services.",
                "SDLLinkOOS event generated", null, 0, every, 4));
        l.add(new AlertDefinition("InvalidCertificate", "ime", ALERT,
                "The ring is enabled without a valid certificate.", "Invalid certificate configured", null, 0,
                every, 5));
        l.add(new AlertDefinition("InvalidCredentials", "ime", ERROR,
                "A call agent cannot connect: the username or password does not match.",
                "Invalid or mismatched credentials.", null, 0, every, 6));
        l.add(new AlertDefinition("MessageOfTheDay", "ime", NOTICE, "The ring administrators have a message.",
                "Message from network administrators", null, 0, AlertFrequency.upTo(1, 1440), 7));
        l.add(new AlertDefinition("SWUpdateRequired", "ime", WARNING,
                "New IME software is required; repeats until the server is upgraded.", "Software update required",
                null, 0, AlertFrequency.upTo(1, 60), 8));
        l.add(new AlertDefinition("TicketPasswordChanged", "ticket", NOTICE,
                "The ticket password was changed; verify that the change was authorised.",
                "Ticket password changed", null, 0, every, 9));
        l.add(new AlertDefinition("ValidationsPendingExceeded", "ime", CRITICAL,
                "The validation backlog is above its high watermark; validations may expire before they run.",
                "Cisco IME pending validations exceeded 100",
                new CounterCondition(IME_SERVER, "ValidationsPending", Comparison.ABOVE, 100, 80),
                0, AlertFrequency.upTo(1, 60), 10));
        l.add(new AlertDefinition("EnrollFailure", "tls", ERROR, "Certificate enrollment failed.",
                "certificate (auto-)enrollment failed", null, 0, every, 11));
        l.add(new AlertDefinition("SuccessfulEnrollment", "tls", INFORMATIONAL, "Certificate enrollment succeeded.",
                "certificate enrollment succeeded", null, 0, every, 12));
        l.add(new AlertDefinition("CriticalServiceDown", "platform", CRITICAL, "A service is not working.",
                "a service is not working", null, 0, every, 13));
        // DRS alarms (catalogue §7.7)
        String[][] drs = {
            {"DRFBackupDeviceError", "ERROR", "DRF backup process has problems accessing device."},
            {"DRFBackupFailure", "ERROR", "Cisco DRF Backup process failed."},
            {"DRFBackupInProgress", "WARNING", "New backup cannot start while another backup is still running."},
            {"DRFInternalProcessFailure", "ERROR", "DRF internal process encountered an error."},
            {"DRFLA2MAFailure", "WARNING", "DRF Local Agent cannot connect to Master Agent."},
            {"DRFLocalAgentStartFailure", "CRITICAL", "DRF Local Agent does not start."},
            {"DRFLocalDeviceError", "ERROR", "DRF has problems accessing local device."},
            {"DRFMA2LAFailure", "WARNING", "DRF Master Agent does not connect to Local Agent."},
            {"DRFMABackupComponentFailure", "ERROR", "DRF cannot back up at least one component."},
            {"DRFMABackupNodeDisconnect", "ERROR",
                "The node being backed up disconnected from the Master Agent before being fully backed up."},
            {"DRFMARestoreComponentFailure", "ERROR", "DRF cannot restore at least one component."},
            {"DRFMARestoreNodeDisconnect", "ERROR",
                "The node being restored disconnected from the Master Agent before being fully restored."},
            {"DRFMasterAgentStartFailure", "CRITICAL", "DRF Master Agent did not start."},
            {"DRFNoRegisteredComponent", "ERROR", "No registered components are available, so backup failed."},
            {"DRFNoRegisteredFeature", "WARNING", "No feature got selected for backup."},
            {"DRFRestoreDeviceError", "ERROR", "DRF restore process has problems accessing device."},
            {"DRFRestoreFailure", "ERROR", "DRF restore process failed."},
            {"DRFSftpFailure", "ERROR", "DRF SFTP operation has errors."},
            {"DRFSecurityViolation", "ERROR",
                "DRF system detected a malicious pattern that could result in a security violation."},
            {"DRFTruststoreMissing", "WARNING", "The IPsec truststore is missing on the node."},
            {"DRFUnknownClient", "WARNING",
                "DRF Master Agent received a client connection request from an unknown server; it was rejected."},
        };
        for (int i = 0; i < drs.length; i++) {
            l.add(new AlertDefinition(drs[i][0], "drs", AlertSeverity.valueOf(drs[i][1]), drs[i][2], drs[i][2], null, 0,
                    every, 21 + i));
        }
        // the proxy's own alerts
        l.add(new AlertDefinition("SrtpSessionLimitReached", "media", WARNING,
                "SRTP sessions reached the licence's limit; further SRTP calls are refused.",
                "SRTP sessions at the licence limit", null, 0, every, 50));
        l.add(new AlertDefinition("TLSProxySessionLimitReached", "tls", WARNING,
                "TLS proxy sessions reached the limit in force; further handshakes are refused.",
                "TLS proxy sessions at the limit", null, 0, every, 51));
        l.add(new AlertDefinition("FallbackSensitivityFileRefused", "fallback", WARNING,
                "A fallback sensitivity (.fbs) file was refused; the modules in force are kept.",
                "fallback sensitivity file refused", null, 0, every, 52));
        Map<String, AlertDefinition> m = new LinkedHashMap<>();
        for (AlertDefinition d : l) {
            if (m.put(d.name(), d) != null) {
                throw new IllegalStateException("alert " + d.name() + " is defined twice");
            }
        }
        ALL = Collections.unmodifiableMap(m);
    }

    private AlertCatalogue() {
    }

    /** Every known alert, in catalogue order. */
    public static List<AlertDefinition> all() {
        return List.copyOf(ALL.values());
    }

    public static Optional<AlertDefinition> find(String name) {
        return Optional.ofNullable(ALL.get(name));
    }
}
