package org.imegate.ime;

import java.io.IOException;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;
import org.imegate.api.config.EtcFiles;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Persists the IME server configuration through ConfigAdmin into {@code etc/}: the singleton
 * {@value ImeSettings#PID} and one factory configuration {@value VapServerConfig#FACTORY_PID} per VAP
 * server instance (property {@code name}).
 */
final class ConfigAdminImeStore implements ImeConfigStore {
    private final ConfigurationAdmin cm;

    ConfigAdminImeStore(ConfigurationAdmin cm) {
        this.cm = cm;
    }

    @Override
    public void saveGlobal(Map<String, String> properties) {
        try {
            Configuration cfg = cm.getConfiguration(ImeSettings.PID, null);
            EtcFiles.save(cfg, ImeSettings.PID, null, new Hashtable<>(properties));
        } catch (IOException e) {
            throw new IllegalStateException("cannot save " + ImeSettings.PID + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void saveVapServer(String name, Map<String, String> properties) {
        try {
            // a named factory configuration (pid org.imegate.ime.vapserver~<name>), the one Karaf's file
            // installer also maps etc/org.imegate.ime.vapserver-<name>.cfg to, so that a restart finds one
            Configuration cfg = cm.getFactoryConfiguration(VapServerConfig.FACTORY_PID, VapServerConfig.name(name), "?");
            for (Configuration other : find(name)) {
                if (!other.getPid().equals(cfg.getPid())) {
                    other.delete();
                }
            }
            Dictionary<String, Object> p = new Hashtable<>(properties);
            EtcFiles.save(cfg, VapServerConfig.FACTORY_PID, name, p);
        } catch (IOException e) {
            throw new IllegalStateException("cannot save VAP server " + name + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void deleteVapServer(String name) {
        try {
            for (Configuration cfg : find(name)) {
                org.imegate.api.config.EtcFiles.delete(cfg);
            }
            java.nio.file.Files.deleteIfExists(EtcFiles.file(VapServerConfig.FACTORY_PID, name));
        } catch (IOException e) {
            throw new IllegalStateException("cannot remove VAP server " + name + ": " + e.getMessage(), e);
        }
    }

    /** The stored VAP server configurations' properties. */
    Configuration[] all() throws IOException {
        try {
            Configuration[] found = cm.listConfigurations("(service.factoryPid=" + VapServerConfig.FACTORY_PID + ")");
            return found == null ? new Configuration[0] : found;
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private Configuration[] find(String name) throws IOException {
        try {
            // names are [A-Za-z0-9_.-] only (VapServerConfig.name), nothing to escape in the filter
            Configuration[] found = cm.listConfigurations("(&(service.factoryPid=" + VapServerConfig.FACTORY_PID
                    + ")(" + VapServerConfig.NAME + "=" + VapServerConfig.name(name) + "))");
            return found == null ? new Configuration[0] : found;
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
