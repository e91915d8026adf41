package org.imegate.tls.proxy;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import org.imegate.api.alert.Alert;
import org.imegate.api.audit.AuditLog;
import org.imegate.api.pki.PkiService;
import org.imegate.api.pki.TrustpointInfo;
import org.imegate.api.pki.TrustpointSslContexts;
import org.imegate.api.tlsproxy.Licence;
import org.imegate.api.tlsproxy.TlsProxies;
import org.imegate.api.tlsproxy.TlsProxyConfig;
import org.imegate.api.tlsproxy.TlsProxyStatistics;
import org.imegate.api.tlsproxy.TlsRole;
import org.imegate.api.tlsproxy.TlsSession;
import org.imegate.api.tlsproxy.TlsSessionInfo;
import org.imegate.api.validation.Validate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TLS proxy: instances, global cipher list, licence and session accounting, and the TLS engines the
 * SIP transport puts in its pipelines. Operator changes ({@code define}, {@code remove}, ...) are
 * validated, applied at once and persisted through the {@link TlsProxyStore}; configurations read back
 * from the store ({@code apply*}) go through the same rules.
 */
public class TlsProxyService implements TlsProxies {
    private static final Logger LOG = LoggerFactory.getLogger(TlsProxyService.class);
    private static final Logger AUDIT = LoggerFactory.getLogger(AuditLog.LOGGER);

    private final PkiService pki;
    private final TrustpointSslContexts contexts;
    private final TlsProxyStore store;
    private final SessionAccounting accounting;
    private final Map<String, TlsProxyConfig> instances = new ConcurrentSkipListMap<>();
    private volatile List<String> sslEncryption = List.of();
    private volatile OptionalInt configuredMaximum = OptionalInt.empty();
    private volatile LicenceTerms terms = LicenceTerms.DEFAULT;

    public TlsProxyService(PkiService pki, TrustpointSslContexts contexts, TlsProxyStore store, Clock clock,
            Consumer<Alert> alerts) {
        this.pki = pki;
        this.contexts = contexts;
        this.store = store;
        this.accounting = new SessionAccounting(terms.effectiveMaximum(configuredMaximum), clock, alerts);
    }

    // ------------------------------------------------------------------ operator changes

    /**
     * {@code tls-proxy <name>} with sub-commands: creates the instance or changes the fields given
     * (empty optionals leave a field as it is).
     */
    public synchronized TlsProxyConfig define(String name, Optional<String> serverTrustpoint,
            Optional<String> clientTrustpoint, Optional<List<String>> clientCipherSuites) {
        TlsProxyRules.name(name);
        TlsProxyConfig old = instances.get(name);
        TlsProxyConfig merged = new TlsProxyConfig(name,
                serverTrustpoint.or(() -> old == null ? Optional.empty() : old.serverTrustpoint()),
                clientTrustpoint.or(() -> old == null ? Optional.empty() : old.clientTrustpoint()),
                clientCipherSuites.orElse(old == null ? List.of() : old.clientCipherSuites()));
        TlsProxyConfig valid = TlsProxyRules.instance(merged, pki::trustpoint);
        store.saveInstance(valid);
        instances.put(name, valid);
        AUDIT.info("tls-proxy {} {}: server trust-point {}, client trust-point {}, client cipher-suite {}",
                name, old == null ? "created" : "changed", valid.serverTrustpoint().orElse("-"),
                valid.clientTrustpoint().orElse("-"), String.join(" ", valid.clientCipherSuites()));
        return valid;
    }

    /** {@code no tls-proxy <name>}; sessions already admitted go on. */
    public synchronized void remove(String name) {
        TlsProxyRules.name(name);
        if (!instances.containsKey(name)) {
            throw Validate.unknown("tls-proxy", name);
        }
        store.deleteInstance(name);
        instances.remove(name);
        AUDIT.info("tls-proxy {} removed", name);
    }

    /** {@code tls-proxy maximum-sessions <n>}. */
    public synchronized int maximumSessions(int sessions) {
        int n = TlsProxyRules.maximumSessions(sessions, terms);
        store.saveGlobal(sslEncryption, OptionalInt.of(n));
        configuredMaximum = OptionalInt.of(n);
        applyLimit();
        AUDIT.info("tls-proxy maximum-sessions {}", n);
        return n;
    }

    /** {@code ssl encryption <names>}; an empty list restores the defaults. */
    public synchronized List<String> sslEncryption(List<String> names) {
        List<String> valid = TlsProxyRules.cipherNames("ssl encryption", names);
        store.saveGlobal(valid, configuredMaximum);
        sslEncryption = valid;
        AUDIT.info("ssl encryption {}", valid.isEmpty() ? "(defaults)" : String.join(" ", valid));
        return valid;
    }

    /** {@code tls-proxy maximum-sessions <text>} as typed. */
    public int maximumSessions(String text) {
        return maximumSessions(TlsProxyRules.maximumSessions(text, terms));
    }

    /** The answer to {@code tls-proxy maximum-sessions ?}. */
    public String maximumSessionsHelp() {
        LicenceTerms t = terms;
        return "<" + TlsProxyRules.maximumSessionsRange(t) + ">  Maximum number of TLS proxy sessions ("
                + TlsProxyRules.licenceLimit(t) + "; platform default " + t.defaultSessions() + ", platform limit "
                + t.platformLimit() + "; in force now " + statistics().maximumSessions() + ")";
    }

    public List<String> sslEncryption() {
        return sslEncryption;
    }

    /** The licence terms in force. */
    public LicenceTerms terms() {
        return terms;
    }

    public Map<String, Long> failureReasons() {
        return accounting.failureReasons();
    }

    // ------------------------------------------------------------------ configuration read back

    /** An instance factory configuration was created or changed. */
    public void applyInstance(TlsProxyConfig config) {
        TlsProxyConfig valid = TlsProxyRules.instance(config, null);
        instances.put(valid.name(), valid);
    }

    /** An instance factory configuration was deleted. */
    public void dropInstance(String name) {
        instances.remove(name);
    }

    /** The global configuration ({@code org.imegate.tls}) and the licence ({@code org.imegate.licence}). */
    public synchronized void applyGlobal(Map<String, ?> properties) {
        LicenceTerms t = LicenceTerms.parse(properties);
        OptionalInt max = TlsProxyRules.maximumSessions(properties.get(TlsProxyRules.MAXIMUM_SESSIONS), t);
        List<String> suites = TlsProxyRules.cipherNames("ssl encryption",
                TlsProxyRules.words(properties.get(TlsProxyRules.SSL_ENCRYPTION)));
        terms = t;
        configuredMaximum = max;
        sslEncryption = suites;
        applyLimit();
    }

    private void applyLimit() {
        LicenceTerms t = terms;
        accounting.limit(t.effectiveMaximum(configuredMaximum), t.imeLicensed());
        if (!t.imeLicensed()) {
            LOG.warn("no Intercompany Media Engine licence: every TLS proxy session will be refused");
        }
    }

    // ------------------------------------------------------------------ TlsProxies

    @Override
    public List<TlsProxyConfig> instances() {
        return List.copyOf(instances.values());
    }

    @Override
    public Optional<TlsProxyConfig> instance(String name) {
        return Optional.ofNullable(name == null ? null : instances.get(name));
    }

    @Override
    public SSLEngine serverEngine(String instance) {
        TlsProxyConfig c = existing(instance);
        String tp = c.serverTrustpoint().orElseThrow(() -> Validate.fail("tls-proxy", instance,
                "has no server trust-point; configure one with tls-proxy " + instance + " server trust-point <name>"));
        SSLContext context = context("server trust-point", tp);
        SSLEngine engine = context.createSSLEngine();
        engine.setUseClientMode(false);
        SSLParameters p = parameters("ssl encryption", sslEncryption, context);
        p.setNeedClientAuth(true);
        engine.setSSLParameters(p);
        return engine;
    }

    @Override
    public SSLEngine clientEngine(String instance, InetSocketAddress peer) {
        TlsProxyConfig c = existing(instance);
        String tp = c.clientTrustpoint().orElseThrow(() -> Validate.fail("tls-proxy", instance,
                "has no client trust-point; configure one with tls-proxy " + instance + " client trust-point <name>"));
        SSLContext context = context("client trust-point", tp);
        SSLEngine engine = peer == null ? context.createSSLEngine()
                : context.createSSLEngine(peer.getHostString(), peer.getPort());
        engine.setUseClientMode(true);
        boolean own = !c.clientCipherSuites().isEmpty();
        engine.setSSLParameters(parameters(own ? "client cipher-suite" : "ssl encryption",
                own ? c.clientCipherSuites() : sslEncryption, context));
        return engine;
    }

    /** The parameters a server engine of {@code instance} gets (for tests and diagnostics). */
    public SSLParameters serverParameters(String instance) {
        SSLEngine engine = serverEngine(instance);
        return engine.getSSLParameters();
    }

    /** The context behind {@link #serverEngine(String)} (for tests and diagnostics). */
    public SSLContext serverContext(String instance) {
        TlsProxyConfig c = existing(instance);
        return context("server trust-point", c.serverTrustpoint().orElseThrow(() -> Validate.fail("tls-proxy",
                instance, "has no server trust-point")));
    }

    private static SSLParameters parameters(String parameter, List<String> names, SSLContext context) {
        return CipherSuites.parameters(parameter, names, context.getSupportedSSLParameters().getCipherSuites());
    }

    private TlsProxyConfig existing(String instance) {
        return instance(instance).orElseThrow(() -> Validate.unknown("tls-proxy", instance));
    }

    private SSLContext context(String parameter, String trustpoint) {
        TrustpointInfo tp = pki.trustpoint(trustpoint).orElseThrow(() -> Validate.unknown(parameter, trustpoint));
        if (tp.identity().isEmpty()) {
            throw Validate.fail(parameter, trustpoint,
                    "has no identity certificate; enroll it (crypto:ca-enroll) or import one (crypto:ca-import) first");
        }
        return contexts.sslContext(trustpoint);
    }

    @Override
    public Optional<TlsSession> admit(String instance, TlsRole role, InetSocketAddress local,
            InetSocketAddress remote) {
        return accounting.admit(instance, role, local, remote);
    }

    @Override
    public List<TlsSessionInfo> sessions() {
        return accounting.sessions();
    }

    @Override
    public TlsProxyStatistics statistics() {
        return accounting.statistics();
    }

    @Override
    public Licence licence() {
        return terms.licence(configuredMaximum);
    }
}
