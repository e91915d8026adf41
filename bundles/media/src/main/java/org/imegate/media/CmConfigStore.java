package org.imegate.media;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.imegate.api.media.MediaTermination;
import org.imegate.api.media.MediaTerminationConfig;
import org.osgi.framework.InvalidSyntaxException;
import org.imegate.api.config.EtcFiles;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/** Instances as factory configurations {@code org.imegate.media.termination}, written to {@code etc/} by Karaf. */
final class CmConfigStore implements ConfigStore {
    private final ConfigurationAdmin cm;

    CmConfigStore(ConfigurationAdmin cm) {
        this.cm = cm;
    }

    @Override
    public String save(MediaTerminationConfig config) {
        try {
            Configuration c = find(config.name());
            if (c == null) {
                c = cm.getFactoryConfiguration(TerminationConfigs.FACTORY_PID, config.name(), "?");
            }
            EtcFiles.save(c, TerminationConfigs.FACTORY_PID, config.name(), TerminationConfigs.toProperties(config));
            return c.getPid();
        } catch (IOException e) {
            throw new UncheckedIOException("media-termination " + config.name() + " not saved", e);
        }
    }

    @Override
    public void delete(String name) {
        try {
            Configuration c = find(name);
            if (c != null) {
                EtcFiles.delete(c);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("media-termination " + name + " not deleted", e);
        }
    }

    @Override
    public List<String> users(String name) {
        List<String> pids = new ArrayList<>();
        for (Configuration c : list("(" + MediaTermination.REFERENCE_PROPERTY + "=" + name + ")")) {
            if (!TerminationConfigs.FACTORY_PID.equals(c.getFactoryPid())) {
                pids.add(c.getPid());
            }
        }
        return pids;
    }

    private Configuration find(String name) {
        Configuration[] found = list("(&(service.factoryPid=" + TerminationConfigs.FACTORY_PID + ")("
                + TerminationConfigs.NAME + "=" + name + "))");
        return found.length == 0 ? null : found[0];
    }

    private Configuration[] list(String filter) {
        try {
            Configuration[] found = cm.listConfigurations(filter);
            return found == null ? new Configuration[0] : found;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
