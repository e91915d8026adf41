package org.imegate.ime;

import java.util.Map;

/** Where the IME server's configuration is persisted (ConfigAdmin and etc/ in the appliance). */
public interface ImeConfigStore {

    /** Saves the singleton configuration {@value ImeSettings#PID}. */
    void saveGlobal(Map<String, String> properties);

    /** Saves (creates or replaces) VAP server instance {@code name}. */
    void saveVapServer(String name, Map<String, String> properties);

    /** Deletes VAP server instance {@code name}. */
    void deleteVapServer(String name);
}
