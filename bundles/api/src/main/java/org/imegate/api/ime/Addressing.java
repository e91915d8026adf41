package org.imegate.api.ime;

/**
 * {@code show ime addressing} (IME-85).
 *
 * @param publicAddress  the address peers reach this server at (public IPv4)
 * @param privateAddress the address it listens on (the validator's interface)
 * @param dhtPort        the ring port
 * @param validatorPort  the validator port
 */
public record Addressing(String publicAddress, String privateAddress, int dhtPort, int validatorPort) {
}
