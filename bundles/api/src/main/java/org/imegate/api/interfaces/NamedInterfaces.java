package org.imegate.api.interfaces;

import java.util.List;
import java.util.Optional;

/**
 * The appliance's named interfaces, configured in {@code etc/org.imegate.interfaces.cfg} as
 * {@code <name> = <IPv4 or IPv6 address>}. By default {@code inside} is 127.0.0.2 and {@code outside}
 * is 127.0.0.3, so that a single machine runs the whole appliance on loopback.
 */
public interface NamedInterfaces {

    /** Configuration PID of the interface table. */
    String PID = "org.imegate.interfaces";
    /** The interface toward the local call agent. */
    String INSIDE = "inside";
    /** The interface toward the Internet and other enterprises. */
    String OUTSIDE = "outside";

    /** All interfaces, sorted by name. */
    List<NamedInterface> all();

    /** The interface of this name, if configured. */
    Optional<NamedInterface> find(String name);

    /**
     * The interface of this name.
     *
     * @throws org.imegate.api.validation.ValidationException naming the parameter when it is not configured
     */
    NamedInterface require(String parameter, String name);
}
