package org.imegate.sip.jmx;

import javax.management.DynamicMBean;
import javax.management.NotCompliantMBeanException;
import javax.management.StandardMBean;
import org.imegate.api.sip.MappingServiceMBean;
import org.imegate.sip.inspect.UcImeService;
import org.imegate.sip.mapping.MappingSession;
import org.imegate.sip.shell.ShowMappingServiceSessions;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code org.imegate:type=sip,name=mapping-service}: the off-path mapping service's sessions and counters. */
@Component(service = {MappingServiceMBean.class, DynamicMBean.class},
        property = "jmx.objectname=org.imegate:type=sip,name=mapping-service")
public final class MappingService extends StandardMBean implements MappingServiceMBean {

    private final UcImeService service;

    @Activate
    public MappingService(@Reference UcImeService service) throws NotCompliantMBeanException {
        super(MappingServiceMBean.class);
        this.service = service;
    }

    @Override
    public boolean isRunning() {
        return service.mappingServiceAddress().isPresent();
    }

    @Override
    public int getActiveSessions() {
        return service.mappingSessions().size();
    }

    @Override
    public long getTotalRequests() {
        return service.mappingTotals().totalRequests();
    }

    @Override
    public long getResponsesSent() {
        return service.mappingTotals().responsesSent();
    }

    @Override
    public long getFailedRequests() {
        return service.mappingTotals().failedRequests();
    }

    @Override
    public long getPendingResponses() {
        return service.mappingSessions().stream().mapToLong(MappingSession::pendingResponses).sum();
    }

    @Override
    public int getActiveMappings() {
        return service.mappings().size();
    }

    @Override
    public long getMappingsCreated() {
        return service.mappingTotals().mappingsCreated();
    }

    @Override
    public String showSessions() {
        return ShowMappingServiceSessions.sessions(service.mappingSessions());
    }

    @Override
    public String showStatistics() {
        return ShowMappingServiceSessions.statistics(service.mappingSessions());
    }
}
