package org.imegate.media;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.imegate.api.media.MediaTerminationConfig;

/**
 * What the media bundle's own shell commands and MBean need beyond {@link
 * org.imegate.api.media.MediaTermination}: changing instances and reading the relay counters. Not
 * exported; registered for this bundle only to find.
 */
public interface MediaAdmin {

    /**
     * Creates {@code name} or adds to it: an address (global when {@code iface} is null, else for that
     * interface, replacing the interface's previous address) and/or the port range bounds (null
     * leaves a bound as it is). Persisted in {@code etc/}.
     */
    MediaTerminationConfig define(String name, String address, String iface, Integer rtpMinPort, Integer rtpMaxPort);

    /** {@code no media-termination <name>}: refused while sessions are open on it or a configuration uses it. */
    void remove(String name);

    /** Removes the address {@code ip} (global or per-interface) from the instance. */
    MediaTerminationConfig removeAddress(String name, String ip);

    Optional<MediaTerminationConfig> instance(String name);

    List<MediaTerminationConfig> instances();

    /** Open sessions with their internal counters. */
    Collection<RelaySession> openSessions();

    RtpRelay.Stats stats();
}
