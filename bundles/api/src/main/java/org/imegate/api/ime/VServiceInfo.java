package org.imegate.api.ime;

import java.util.List;

/**
 * A published VService (draft-jennings-vipr-vap-02 §8.4.1; {@code show ime vservice details}).
 *
 * @param vserviceId the VServiceID
 * @param profile    the service-description id (the call agent's IME service name)
 * @param dhtName    the DHT its numbers go to
 * @param domain     the call agent's domain, sent at the end of a validation
 * @param didCount   the numbers it publishes (quota)
 * @param whitelist  domains it federates with only, empty for none
 * @param blacklist  domains it refuses, empty for none
 * @param instances  its instances (one per call agent server), each with its routes
 */
public record VServiceInfo(long vserviceId, String profile, String dhtName, String domain, int didCount,
        List<String> whitelist, List<String> blacklist, List<Instance> instances) {

    public VServiceInfo {
        whitelist = List.copyOf(whitelist);
        blacklist = List.copyOf(blacklist);
        instances = List.copyOf(instances);
    }

    /** All SIP URIs of all instances, in order. */
    public List<String> sipUris() {
        return instances.stream().flatMap(i -> i.sipUris().stream()).toList();
    }

    /**
     * Whether a validation with {@code peerDomain} is allowed: not on the blacklist and, when there is
     * a whitelist, on it (case-insensitive).
     */
    public boolean trusts(String peerDomain) {
        String d = peerDomain == null ? "" : peerDomain.toLowerCase(java.util.Locale.ROOT);
        if (blacklist.stream().anyMatch(b -> b.equalsIgnoreCase(d))) {
            return false;
        }
        return whitelist.isEmpty() || whitelist.stream().anyMatch(w -> w.equalsIgnoreCase(d));
    }

    /**
     * One instance of a VService.
     *
     * @param instance     the instance ID
     * @param clientHandle the Client-Handle of the call agent that published it
     * @param version      its ServiceVersion
     * @param sipUris      its routes
     */
    public record Instance(long instance, long clientHandle, long version, List<String> sipUris) {
        public Instance {
            sipUris = List.copyOf(sipUris);
        }
    }
}
