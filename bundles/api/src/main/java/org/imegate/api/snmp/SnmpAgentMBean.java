package org.imegate.api.snmp;

/**
 * {@code org.imegate:type=snmp,name=agent}: the SNMP agent over JMX, for tools. The operations are the
 * {@code snmp:config ...} commands (the seed's {@code utils snmp config ...}); they validate as the shell does and a
 * refusal reaches the client as an IllegalArgumentException with the same {@code ERROR: ...} message. Passphrases
 * and community strings are taken by operations and never returned (every output shows {@code *****}). Each
 * change restarts the agent, as the seed's commands restart the SNMP Master Agent.
 */
public interface SnmpAgentMBean {

    /** Whether the agent is listening. */
    boolean isListening();

    /** {@code <address>:<port>} the agent listens on (or would, when it could not bind). */
    String getListenAddress();

    /** The local snmpEngineID (RFC 3411), hexadecimal; persisted in the appliance store. */
    String getLocalEngineId();

    /** snmpEngineBoots, incremented at each start of the agent. */
    int getEngineBoots();

    String getSysContact();

    String getSysLocation();

    /** Requests with a community string that is not configured (SNMPv2-MIB snmpInBadCommunityNames). */
    long getSnmpInBadCommunityNames();

    /** USM: messages with a wrong authentication digest (a wrong auth key). */
    long getUsmStatsWrongDigests();

    /** USM: messages of an unknown user. */
    long getUsmStatsUnknownUserNames();

    /** USM: messages that could not be decrypted (a wrong priv key). */
    long getUsmStatsDecryptionErrors();

    /** USM: messages at a security level the user does not have. */
    long getUsmStatsUnsupportedSecLevels();

    /** Requests refused because they came from a host the user or community does not accept. */
    long getRequestsRefusedByHost();

    /** Requests passed to the agent (known community or user, accepted host). */
    long getRequestsProcessed();

    long getTrapsSent();

    long getInformsAcknowledged();

    long getInformsFailed();

    /** The text of {@code snmp:show-config}: every list of the seed's commands. */
    String showConfig();

    /**
     * {@code utils snmp config user 3 add}: authProtocol none|SHA|SHA-224|SHA-256|SHA-384|SHA-512, privProtocol
     * none|AES128|AES192|AES256, accessPrivilege ReadOnly|ReadWrite|ReadWriteNotify|NotifyOnly|ReadNotifyOnly|None,
     * ipAddresses the hosts accepted (space or comma separated, empty = all).
     */
    void addUser(String username, String authProtocol, String authPassphrase, String privProtocol,
            String privPassphrase, String accessPrivilege, String ipAddresses);

    /** {@code utils snmp config user 3 update}: replaces the user with these values. */
    void updateUser(String username, String authProtocol, String authPassphrase, String privProtocol,
            String privPassphrase, String accessPrivilege, String ipAddresses);

    /** {@code utils snmp config user 3 delete}. */
    void deleteUser(String username);

    /** {@code utils snmp config trap 3 add}. */
    void addTrapDestination(String ipAddress, int port, String username);

    /** {@code utils snmp config inform 3 add}: the remote engine ID in hexadecimal. */
    void addInformDestination(String ipAddress, int port, String username, String engineId);

    /** {@code utils snmp config 1/2c community-string add}. */
    void addCommunity(String name, String community, String accessPrivilege, String ipAddresses);

    void deleteCommunity(String name);

    /** {@code utils snmp config 1/2c notify add}: version 1 or 2c, type trap or inform (2c only). */
    void addNotifyDestination(String ipAddress, int port, String version, String type, String community);

    /** Deletes the destination {@code trap3|inform3|notify1|notify2c} at {@code ipAddress}:{@code port}. */
    void deleteDestination(String kind, String ipAddress, int port);

    /** {@code utils snmp config mib2 add/update}. */
    void setMib2(String sysContact, String sysLocation);

    /** Listener: a named interface or a literal address, and the UDP port (161 in production). */
    void setListener(String address, int port);
}
