package org.imegate.ticket;

import java.io.IOException;
import java.util.Dictionary;
import java.util.Hashtable;
import org.imegate.api.config.EtcFiles;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The singleton configuration {@value #PID} ({@code etc/org.imegate.ticket.cfg}): {@value #EPOCH},
 * {@value #PASSWORD_KEY} (always sealed, {@code ENC(...)}), {@value #FAILURE_ACTION} and {@value #FAILURE_STATUS}.
 */
final class TicketConfig implements TicketStore {
    static final String PID = "org.imegate.ticket";
    static final String EPOCH = "epoch";
    static final String PASSWORD_KEY = "password";
    static final String FAILURE_ACTION = "failure.action";
    static final String FAILURE_STATUS = "failure.status";

    private final ConfigurationAdmin cm;

    TicketConfig(ConfigurationAdmin cm) {
        this.cm = cm;
    }

    @Override
    public void save(int epoch, String sealedPassword) {
        try {
            Configuration cfg = cm.getConfiguration(PID, null);
            Dictionary<String, Object> p = cfg.getProperties();
            if (p == null) {
                p = new Hashtable<>();
            }
            p.put(EPOCH, Integer.toString(epoch));
            p.put(PASSWORD_KEY, sealedPassword);
            EtcFiles.save(cfg, PID, null, p);
        } catch (IOException e) {
            throw new IllegalStateException("cannot save " + PID + ": " + e.getMessage(), e);
        }
    }
}
