package org.imegate.tls.proxy;

import java.util.List;
import java.util.OptionalInt;
import org.imegate.api.tlsproxy.TlsProxyConfig;

/** Where operator changes persist (ConfigAdmin in the appliance). */
public interface TlsProxyStore {

    /** Writes the factory configuration of {@code instance} (creates it when new). */
    void saveInstance(TlsProxyConfig instance);

    /** Deletes the factory configuration of the instance named {@code name}. */
    void deleteInstance(String name);

    /** Writes the global {@code ssl.encryption} (empty: defaults) and {@code maximum.sessions} (empty: default). */
    void saveGlobal(List<String> sslEncryption, OptionalInt maximumSessions);
}
