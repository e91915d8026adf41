package org.imegate.api.interfaces;

import java.net.InetAddress;
import java.util.Objects;

/**
 * One of the appliance's named interfaces ({@code inside}, {@code outside}, ...) and the address the
 * appliance binds to and originates from on it.
 */
public record NamedInterface(String name, InetAddress address) {
    public NamedInterface {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(address, "address");
    }
}
