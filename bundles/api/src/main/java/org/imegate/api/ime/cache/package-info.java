/**
 * The IME distributed cache (the ring, catalogue §6.6): a dictionary store keyed by 128-bit
 * Resource-IDs derived from +E.164 numbers. Backends: an embedded single-node store, later the
 * RELOAD/Chord overlay; consumers see only {@link org.imegate.api.ime.cache.DistributedCache}.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.imegate.api.ime.cache;
