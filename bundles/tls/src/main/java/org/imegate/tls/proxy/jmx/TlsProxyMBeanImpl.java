package org.imegate.tls.proxy.jmx;

import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
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
import org.imegate.api.tlsproxy.TlsProxyConfig;
import org.imegate.api.tlsproxy.TlsProxyMBean;
import org.imegate.api.tlsproxy.TlsSessionInfo;
import org.imegate.api.validation.ValidationException;
import org.imegate.tls.proxy.TlsProxyRules;
import org.imegate.tls.proxy.TlsProxyService;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code org.imegate:type=tls,name=proxy}: the TLS proxy over JMX, with the validation of the shell
 * (refusals reach the client as IllegalArgumentException carrying the same message).
 */
@Component(service = {TlsProxyMBean.class, DynamicMBean.class},
        property = "jmx.objectname=org.imegate:type=tls,name=proxy")
public final class TlsProxyMBeanImpl extends StandardMBean implements TlsProxyMBean {

    private static final CompositeType INSTANCE;
    private static final TabularType INSTANCES;
    private static final CompositeType SESSION;
    private static final TabularType SESSIONS;
    private static final CompositeType FAILURE;
    private static final TabularType FAILURES;

    static {
        try {
            INSTANCE = new CompositeType("TlsProxy", "A TLS proxy instance",
                    new String[] {"Name", "ServerTrustpoint", "ClientTrustpoint", "ClientCipherSuites"},
                    new String[] {"instance name", "server trust-point, or empty", "client trust-point, or empty",
                        "client cipher-suite names, space separated, or empty"},
                    new OpenType<?>[] {SimpleType.STRING, SimpleType.STRING, SimpleType.STRING, SimpleType.STRING});
            INSTANCES = new TabularType("TlsProxies", "The TLS proxy instances", INSTANCE, new String[] {"Name"});
            SESSION = new CompositeType("TlsSession", "A TLS proxy session",
                    new String[] {"Id", "Instance", "Role", "Local", "Remote", "State", "Protocol", "CipherSuite",
                        "PeerDomain", "Since"},
                    new String[] {"session number", "instance", "server or client", "appliance address", "peer address",
                        "handshaking or established", "negotiated protocol", "negotiated cipher suite",
                        "peer certificate domain", "admitted at (ISO-8601)"},
                    new OpenType<?>[] {SimpleType.LONG, SimpleType.STRING, SimpleType.STRING, SimpleType.STRING,
                        SimpleType.STRING, SimpleType.STRING, SimpleType.STRING, SimpleType.STRING, SimpleType.STRING,
                        SimpleType.STRING});
            SESSIONS = new TabularType("TlsSessions", "The TLS proxy sessions", SESSION, new String[] {"Id"});
            FAILURE = new CompositeType("HandshakeFailure", "Handshake failures of one reason",
                    new String[] {"Reason", "Count"}, new String[] {"reason", "failures since start"},
                    new OpenType<?>[] {SimpleType.STRING, SimpleType.LONG});
            FAILURES = new TabularType("HandshakeFailures", "Handshake failures by reason", FAILURE,
                    new String[] {"Reason"});
        } catch (OpenDataException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final TlsProxyService proxies;

    @Activate
    public TlsProxyMBeanImpl(@Reference TlsProxyService proxies) throws NotCompliantMBeanException {
        super(TlsProxyMBean.class);
        this.proxies = proxies;
    }

    @Override
    public int getActiveSessions() {
        return proxies.statistics().activeSessions();
    }

    @Override
    public int getMaximumSessions() {
        return proxies.statistics().maximumSessions();
    }

    @Override
    public long getHandshakesCompleted() {
        return proxies.statistics().handshakesCompleted();
    }

    @Override
    public long getHandshakesFailed() {
        return proxies.statistics().handshakesFailed();
    }

    @Override
    public long getRefusedOverLimit() {
        return proxies.statistics().refusedOverLimit();
    }

    @Override
    public TabularData getHandshakeFailureReasons() {
        TabularDataSupport table = new TabularDataSupport(FAILURES);
        for (Map.Entry<String, Long> e : proxies.failureReasons().entrySet()) {
            table.put(composite(FAILURE, Map.of("Reason", e.getKey(), "Count", e.getValue())));
        }
        return table;
    }

    @Override
    public TabularData getInstances() {
        TabularDataSupport table = new TabularDataSupport(INSTANCES);
        for (TlsProxyConfig c : proxies.instances()) {
            table.put(composite(INSTANCE, Map.of("Name", c.name(), "ServerTrustpoint", c.serverTrustpoint().orElse(""),
                    "ClientTrustpoint", c.clientTrustpoint().orElse(""),
                    "ClientCipherSuites", String.join(" ", c.clientCipherSuites()))));
        }
        return table;
    }

    @Override
    public TabularData getSessions() {
        TabularDataSupport table = new TabularDataSupport(SESSIONS);
        for (TlsSessionInfo s : proxies.sessions()) {
            table.put(composite(SESSION, Map.of("Id", s.id(), "Instance", s.instance(),
                    "Role", s.role().name().toLowerCase(java.util.Locale.ROOT),
                    "Local", s.local() == null ? "" : s.local().getHostString() + ":" + s.local().getPort(),
                    "Remote", s.remote() == null ? "" : s.remote().getHostString() + ":" + s.remote().getPort(),
                    "State", s.state(), "Protocol", s.protocol(), "CipherSuite", s.cipherSuite(),
                    "PeerDomain", s.peerDomain(), "Since", s.since().toString())));
        }
        return table;
    }

    @Override
    public void maximumSessions(int sessions) {
        call(() -> proxies.maximumSessions(sessions));
    }

    @Override
    public void defineInstance(String name, String serverTrustpoint, String clientTrustpoint,
            String clientCipherSuites) {
        call(() -> proxies.define(name, text(serverTrustpoint), text(clientTrustpoint),
                clientCipherSuites == null || clientCipherSuites.isBlank() ? Optional.empty()
                        : Optional.of(TlsProxyRules.words(clientCipherSuites))));
    }

    @Override
    public void removeInstance(String name) {
        call(() -> {
            proxies.remove(name);
            return null;
        });
    }

    @Override
    public void sslEncryption(String suites) {
        call(() -> proxies.sslEncryption(TlsProxyRules.words(suites)));
    }

    private static Optional<String> text(String s) {
        return s == null || s.isBlank() ? Optional.empty() : Optional.of(s.trim());
    }

    private static CompositeDataSupport composite(CompositeType type, Map<String, ?> values) {
        try {
            return new CompositeDataSupport(type, values);
        } catch (OpenDataException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A ValidationException (which a plain JMX client cannot load) becomes an IllegalArgumentException. */
    private static <T> T call(Supplier<T> op) {
        try {
            return op.get();
        } catch (ValidationException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
    }
}
