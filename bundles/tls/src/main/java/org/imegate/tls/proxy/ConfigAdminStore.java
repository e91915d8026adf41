package org.imegate.tls.proxy;

import java.io.IOException;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.OptionalInt;
import org.imegate.api.tlsproxy.TlsProxyConfig;
import org.osgi.framework.InvalidSyntaxException;
import org.imegate.api.config.EtcFiles;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Persists the TLS proxy configuration through ConfigAdmin, so that it lands in {@code etc/} and
 * survives restarts: one factory configuration {@value #FACTORY_PID} per instance (property
 * {@code name}) and the singleton {@value #GLOBAL_PID}.
 */
public final class ConfigAdminStore implements TlsProxyStore {
    public static final String FACTORY_PID = "org.imegate.tls.proxy";
    public static final String GLOBAL_PID = "org.imegate.tls";
    public static final String LICENCE_PID = "org.imegate.licence";

    private final ConfigurationAdmin cm;

    public ConfigAdminStore(ConfigurationAdmin cm) {
        this.cm = cm;
    }

    @Override
    public void saveInstance(TlsProxyConfig instance) {
        try {
            Configuration[] existing = find(instance.name());
            Configuration cfg = existing.length > 0 ? existing[0] : cm.getFactoryConfiguration(FACTORY_PID, instance.name(), null);
            Dictionary<String, Object> p = properties(cfg);
            p.put(TlsProxyRules.NAME_KEY, instance.name());
            put(p, TlsProxyRules.SERVER_TRUSTPOINT, instance.serverTrustpoint().orElse(""));
            put(p, TlsProxyRules.CLIENT_TRUSTPOINT, instance.clientTrustpoint().orElse(""));
            put(p, TlsProxyRules.CLIENT_CIPHER_SUITES, String.join(" ", instance.clientCipherSuites()));
            EtcFiles.save(cfg, FACTORY_PID, instance.name(), p);
        } catch (IOException e) {
            throw new IllegalStateException("cannot save tls-proxy " + instance.name() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void deleteInstance(String name) {
        try {
            for (Configuration cfg : find(name)) {
                EtcFiles.delete(cfg);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot remove tls-proxy " + name + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void saveGlobal(List<String> sslEncryption, OptionalInt maximumSessions) {
        try {
            Configuration cfg = cm.getConfiguration(GLOBAL_PID, null);
            Dictionary<String, Object> p = properties(cfg);
            put(p, TlsProxyRules.SSL_ENCRYPTION, String.join(" ", sslEncryption));
            put(p, TlsProxyRules.MAXIMUM_SESSIONS,
                    maximumSessions.isPresent() ? Integer.toString(maximumSessions.getAsInt()) : "");
            EtcFiles.save(cfg, GLOBAL_PID, null, p);
        } catch (IOException e) {
            throw new IllegalStateException("cannot save " + GLOBAL_PID + ": " + e.getMessage(), e);
        }
    }

    private Configuration[] find(String name) throws IOException {
        try {
            // names are [A-Za-z0-9_.-] only (TlsProxyRules.name), nothing to escape in the filter
            Configuration[] found = cm.listConfigurations("(&(service.factoryPid=" + FACTORY_PID + ")("
                    + TlsProxyRules.NAME_KEY + "=" + TlsProxyRules.name(name) + "))");
            return found == null ? new Configuration[0] : found;
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Dictionary<String, Object> properties(Configuration cfg) {
        Dictionary<String, Object> p = cfg.getProperties();
        return p == null ? new Hashtable<>() : p;
    }

    private static void put(Dictionary<String, Object> p, String key, String value) {
        if (value.isEmpty()) {
            p.remove(key);
        } else {
            p.put(key, value);
        }
    }
}
