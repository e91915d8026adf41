package org.imegate.drs;

import java.nio.file.Path;
import java.nio.file.Paths;
import org.imegate.api.alert.AlertPoster;
import org.imegate.api.drs.DrsComponent;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.event.EventAdmin;

/**
 * The Local Agent as a DS component: every {@link DrsComponent} service registered by an imegate bundle joins
 * the next backup as soon as it appears. Its work directory is {@code <local directory>/work}.
 */
@Component(service = LocalAgent.class, immediate = true, configurationPid = DrsConfig.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
public final class LocalAgentComponent extends LocalAgentCore {

    private final AlertPoster poster;

    @Activate
    public LocalAgentComponent(DrsConfig config) {
        this(config, new AlertPoster());
    }

    private LocalAgentComponent(DrsConfig config, AlertPoster poster) {
        super(work(config), new Alarms(poster, TRACE));
        this.poster = poster;
        TRACE.info("Local Agent started, work directory {}", workDirectory());
    }

    static Path localDirectory(DrsConfig config) {
        String configured = config.local_directory();
        if (configured != null && !configured.isBlank()) {
            return Paths.get(configured).toAbsolutePath();
        }
        return Paths.get(System.getProperty("karaf.data", "data"), "drs").toAbsolutePath();
    }

    static Path work(DrsConfig config) {
        return localDirectory(config).resolve("work");
    }

    @Modified
    void modified(DrsConfig config) {
        Path next = work(config);
        if (!next.equals(workDirectory())) {
            workDirectory(next);
            TRACE.info("Local Agent work directory now {}", next);
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void bindComponent(DrsComponent component, ServiceReference<DrsComponent> ref) {
        register(component, ref.getBundle() == null ? null : ref.getBundle().getSymbolicName());
    }

    void unbindComponent(DrsComponent component) {
        unregister(component);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void bindEventAdmin(EventAdmin eventAdmin) {
        poster.bind(eventAdmin);
    }

    void unbindEventAdmin(EventAdmin eventAdmin) {
        poster.unbind(eventAdmin);
    }
}
