package org.imegate.ring;

import java.time.Duration;

/**
 * Local settings of a node.
 *
 * @param overlayName           overlay name (its SHA-1 gives the forwarding header's overlay field)
 * @param softwareVersion       this node's software version, compared with the configuration's minimum
 * @param bootstrap             whether this node is a bootstrap node (it may form the ring alone and signs the configuration)
 * @param neighbours            successors and predecessors kept (CHORD-RELOAD: 3)
 * @param copies                stored copies of each Resource-ID: the responsible peer and copies-1 successors (3)
 * @param maxValueBytes         largest dictionary value accepted
 * @param maxEntriesPerResource largest dictionary (max-count of the kind)
 * @param storeRatePerSecond    StoreReq accepted per writer and second at a storing node (bursts of 4x)
 * @param fetchRatePerSecond    FetchReq accepted per requester and second at a storing node (bursts of 4x)
 * @param capacityEntries       entries a node stores at most
 * @param stabilizeInterval     period of the CHORD-RELOAD update/ping/finger/replication round
 */
public record RingSettings(String overlayName, String softwareVersion, boolean bootstrap, int neighbours, int copies,
        int maxValueBytes, int maxEntriesPerResource, int storeRatePerSecond, int fetchRatePerSecond,
        int capacityEntries, Duration stabilizeInterval) {

    public static final String OVERLAY = "intercompanymedianetwork";

    public static RingSettings defaults(boolean bootstrap) {
        return new RingSettings(OVERLAY, "1.0.0", bootstrap, 3, 3, 1024, 64, 50, 200, 1_000_000,
                Duration.ofSeconds(5));
    }

    public RingSettings withStabilizeInterval(Duration d) {
        return new RingSettings(overlayName, softwareVersion, bootstrap, neighbours, copies, maxValueBytes,
                maxEntriesPerResource, storeRatePerSecond, fetchRatePerSecond, capacityEntries, d);
    }

    public RingSettings withRates(int store, int fetch) {
        return new RingSettings(overlayName, softwareVersion, bootstrap, neighbours, copies, maxValueBytes,
                maxEntriesPerResource, store, fetch, capacityEntries, stabilizeInterval);
    }

    public RingSettings withSoftwareVersion(String v) {
        return new RingSettings(overlayName, v, bootstrap, neighbours, copies, maxValueBytes,
                maxEntriesPerResource, storeRatePerSecond, fetchRatePerSecond, capacityEntries, stabilizeInterval);
    }
}
