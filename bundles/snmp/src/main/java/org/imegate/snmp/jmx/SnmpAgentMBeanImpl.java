package org.imegate.snmp.jmx;

import javax.management.DynamicMBean;
import javax.management.NotCompliantMBeanException;
import javax.management.StandardMBean;
import org.imegate.api.snmp.SnmpAgentMBean;
import org.imegate.api.validation.ValidationException;
import org.imegate.snmp.SnmpService;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code org.imegate:type=snmp,name=agent}: the SNMP agent's state, counters and configuration over JMX. */
@Component(service = {SnmpAgentMBean.class, DynamicMBean.class},
        property = "jmx.objectname=org.imegate:type=snmp,name=agent")
public final class SnmpAgentMBeanImpl extends StandardMBean implements SnmpAgentMBean {

    private final SnmpService snmp;

    @Activate
    public SnmpAgentMBeanImpl(@Reference SnmpService snmp) throws NotCompliantMBeanException {
        super(SnmpAgentMBean.class);
        this.snmp = snmp;
    }

    @Override
    public boolean isListening() {
        return snmp.listening();
    }

    @Override
    public String getListenAddress() {
        return snmp.listenAddress();
    }

    @Override
    public String getLocalEngineId() {
        return snmp.engineIdHex();
    }

    @Override
    public int getEngineBoots() {
        return snmp.engineBoots();
    }

    @Override
    public String getSysContact() {
        return snmp.settings().sysContact();
    }

    @Override
    public String getSysLocation() {
        return snmp.settings().sysLocation();
    }

    @Override
    public long getSnmpInBadCommunityNames() {
        return snmp.counters().badCommunityNames();
    }

    @Override
    public long getUsmStatsWrongDigests() {
        return snmp.counters().wrongDigests();
    }

    @Override
    public long getUsmStatsUnknownUserNames() {
        return snmp.counters().unknownUserNames();
    }

    @Override
    public long getUsmStatsDecryptionErrors() {
        return snmp.counters().decryptionErrors();
    }

    @Override
    public long getUsmStatsUnsupportedSecLevels() {
        return snmp.counters().unsupportedSecLevels();
    }

    @Override
    public long getRequestsRefusedByHost() {
        return snmp.counters().refusedByHost();
    }

    @Override
    public long getRequestsProcessed() {
        return snmp.counters().requestsProcessed();
    }

    @Override
    public long getTrapsSent() {
        return snmp.counters().trapsSent();
    }

    @Override
    public long getInformsAcknowledged() {
        return snmp.counters().informsAcknowledged();
    }

    @Override
    public long getInformsFailed() {
        return snmp.counters().informsFailed();
    }

    @Override
    public String showConfig() {
        return snmp.showConfig(null);
    }

    @Override
    public void addUser(String username, String authProtocol, String authPassphrase, String privProtocol,
            String privPassphrase, String accessPrivilege, String ipAddresses) {
        run(() -> snmp.putUser(false, username, authProtocol, chars(authPassphrase), privProtocol,
                chars(privPassphrase), accessPrivilege, ipAddresses));
    }

    @Override
    public void updateUser(String username, String authProtocol, String authPassphrase, String privProtocol,
            String privPassphrase, String accessPrivilege, String ipAddresses) {
        run(() -> snmp.putUser(true, username, authProtocol, chars(authPassphrase), privProtocol,
                chars(privPassphrase), accessPrivilege, ipAddresses));
    }

    @Override
    public void deleteUser(String username) {
        run(() -> snmp.deleteUser(username));
    }

    @Override
    public void addTrapDestination(String ipAddress, int port, String username) {
        run(() -> snmp.addV3Destination(false, ipAddress, port, username, ""));
    }

    @Override
    public void addInformDestination(String ipAddress, int port, String username, String engineId) {
        run(() -> snmp.addV3Destination(true, ipAddress, port, username, engineId));
    }

    @Override
    public void addCommunity(String name, String community, String accessPrivilege, String ipAddresses) {
        run(() -> snmp.addCommunity(name, chars(community), accessPrivilege, ipAddresses));
    }

    @Override
    public void deleteCommunity(String name) {
        run(() -> snmp.deleteCommunity(name));
    }

    @Override
    public void addNotifyDestination(String ipAddress, int port, String version, String type, String community) {
        run(() -> snmp.addNotifyDestination(ipAddress, port, version, type, chars(community)));
    }

    @Override
    public void deleteDestination(String kind, String ipAddress, int port) {
        run(() -> snmp.deleteDestination(kind, ipAddress, port));
    }

    @Override
    public void setMib2(String sysContact, String sysLocation) {
        run(() -> snmp.setMib2(sysContact, sysLocation));
    }

    @Override
    public void setListener(String address, int port) {
        run(() -> snmp.setListener(address, port));
    }

    private static char[] chars(String s) {
        return s == null ? null : s.toCharArray();
    }

    /** A JMX client cannot load ValidationException: it gets an IllegalArgumentException with the same text. */
    private static void run(Runnable r) {
        try {
            r.run();
        } catch (ValidationException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
    }
}
