package org.imegate.api.ime;

import java.util.List;
import java.util.Optional;

/**
 * Management of the IME server (catalogue §10.4): VAP server instances, the VAP credentials, the
 * validator's rules and local trust, and what it currently holds. Every change is validated with
 * {@link org.imegate.api.validation.Validate} (a refusal changes nothing) and persisted in {@code etc/}.
 */
public interface ImeServer {

    /** Default VAP port (IME-17). */
    int DEFAULT_VAP_PORT = 5620;
    /** Default validator port (IME-63). */
    int DEFAULT_VALIDATOR_PORT = 8470;

    /** {@code show ime vapserver all}: the instances, by name. */
    List<VapServerInfo> vapServers();

    Optional<VapServerInfo> vapServer(String name);

    /** {@code add ime vapserver}: a new enabled instance; refuses a taken name or port. */
    VapServerInfo addVapServer(String name, int port, VapAuthMode mode);

    /** {@code set ime vapserver <setting> <name> <value>}. */
    VapServerInfo setVapServer(String name, VapServerSetting setting, String value);

    /** Removes an instance, closing its connections. */
    void removeVapServer(String name);

    /**
     * {@code add ime vapusercredentials}: the application user the call agents authenticate as; the
     * password is stored sealed and never shown. The caller's array is neither kept nor altered.
     */
    void setVapCredentials(String username, char[] password);

    /** The configured VAP user name, empty when none. */
    Optional<String> vapUsername();

    /** {@code show ime vapstatus summary}: the connected call agents. */
    List<VapClientStatus> clients();

    /** {@code show ime vservice details}: the published VServices. */
    List<VServiceInfo> vservices();

    ValidatorSettings validatorSettings();

    /**
     * {@code set ime validator local <setting> <value>}; settings {@code bucketentropy} (0-255),
     * {@code validationsrequired} (1-10, sets bucketentropy to 8n-1), {@code mininterval} (minutes),
     * {@code maxdelay} (seconds), {@code tolerance} (seconds), {@code retention} (days),
     * {@code tlsconcurrent}, {@code tlsrate}.
     */
    ValidatorSettings setValidator(String setting, String value);

    /** Domains this server never validates with or issues tickets to, whatever the VService lists say. */
    List<String> blockedDomains();

    /** Adds ({@code blocked}) or removes a domain of {@link #blockedDomains()}. */
    void blockDomain(String domain, boolean blocked);

    /** Numbers (+E.164) this server never validates as terminating side (fax, analog; CA-08). */
    List<String> excludedNumbers();

    /** Adds ({@code excluded}) or removes a number of {@link #excludedNumbers()}. */
    void excludeNumber(String number, boolean excluded);

    /** The learned routes, by number. */
    List<LearnedRoute> learnedRoutes();

    /**
     * Generates a random ticket password (32 characters of the 0x21-0x73 alphabet, UND-02) and puts
     * it in force with {@code epoch} in the ticket service shared with the proxy; returns the
     * password once so that the operator can enter it on the peer proxy.
     */
    char[] generateTicketPassword(int epoch);

    /** {@code utils ime fetch did <+E.164>}: who published the number into the ring (empty: not published). */
    List<DidOwner> fetchDid(String number);

    /** {@code show ime peerid}: this server's peer ID in the ring (hex). */
    String peerId();

    /** {@code show ime addressing}. */
    Addressing addressing();

    /** {@code set ime addressing publicipaddrv4 <address>}: the IPv4 address published for peers. */
    Addressing setPublicAddress(String ipv4);
}
