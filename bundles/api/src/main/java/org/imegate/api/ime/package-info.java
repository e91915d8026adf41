/**
 * The IME server (catalogue §6 except the ring, §9.1, §9.4): VAP servers for call agents
 * (draft-jennings-vipr-vap-02), voice call records, validation pools and buckets, learned routes
 * and tickets, with the seed's counters.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package org.imegate.api.ime;
