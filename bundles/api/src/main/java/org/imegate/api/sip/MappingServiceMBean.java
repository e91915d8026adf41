package org.imegate.api.sip;

/**
 * {@code show uc-ime mapping-service-sessions [statistics]} over JMX
 * ({@code org.imegate:type=sip,name=mapping-service}): the off-path mapping service's sessions and
 * counters. The counters add up every call-agent connection since the appliance started.
 */
public interface MappingServiceMBean {

    /** Whether the mapping service is listening (configured, and SIP inspection applied outbound). */
    boolean isRunning();

    /** Call-agent connections open now. */
    int getActiveSessions();

    long getTotalRequests();

    long getResponsesSent();

    long getFailedRequests();

    /** Requests not answered yet, over the open sessions. */
    long getPendingResponses();

    /** Mappings (remote address to mapped address) alive now. */
    int getActiveMappings();

    long getMappingsCreated();

    /** The text of {@code show uc-ime mapping-service-sessions}. */
    String showSessions();

    /** The text of {@code show uc-ime mapping-service-sessions statistics}. */
    String showStatistics();
}
