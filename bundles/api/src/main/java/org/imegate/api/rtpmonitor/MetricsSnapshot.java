package org.imegate.api.rtpmonitor;

/**
 * The RTP metrics of one monitored stream at one instant (catalogue §4.5, RTPM-41..55, UND-03). Component
 * names are the seed's metric names in camelCase; {@code Failover_state} (RTPM-40) belongs to the fallback
 * state of the call and is not part of the stream metrics.
 *
 * @param sumAllPackets                RTP packets fed to the monitor ({@code Sum_all_packets})
 * @param codecPayloadFormat           RTP payload type of the last packet, -1 before the first one
 *                                     ({@code Codec_payload_format})
 * @param rtpPtimeMs                   packetisation time in ms, 0 while unknown ({@code RTP_ptime_ms})
 * @param maxRblrPctX100               maximum burst loss rate seen at any monitoring tick, in 0.01 % units
 *                                     ({@code Max_RBLR_pct_x100})
 * @param maxIteCountIn8Sec            maximum impaired ticks in any sliding 8-second window
 *                                     ({@code Max_ITE_count_in_8_sec})
 * @param maxBlsMs                     longest run of consecutive lost or discarded packets times ptime
 *                                     ({@code Max_BLS_ms})
 * @param maxPdvUsec                   maximum packet delay variation, µs ({@code Max_PDV_usec})
 * @param minPdvUsec                   minimum packet delay variation, µs ({@code Min_PDV_usec})
 * @param movAvgPdvUsec                moving average (gain 1/16) of the delay variation, µs
 *                                     ({@code Mov_avg_PDV_usec})
 * @param totalIteCount                impaired monitoring ticks since the start ({@code Total_ITE_count})
 * @param totalSecCount                media seconds monitored ({@code Total_sec_count})
 * @param concealedSecCount            seconds with any concealment ({@code Concealed_sec_count})
 * @param severelyConcealedSecCount    seconds with at least 50 ms concealed
 *                                     ({@code Severely_concealed_sec_count})
 * @param maxCallIntervalMs            largest gap between two consecutive arrivals, ms
 *                                     ({@code Max_call_interval_ms})
 * @param totalSequenceNumberResets    sequence re-synchronisations ({@code Total_SequenceNumber_Resets})
 * @param packetsReceived              packets accepted in sequence
 * @param packetsLost                  packets expected and never received (late arrivals excluded)
 * @param packetsDiscarded             packets that arrived late (after a later one) or duplicated
 */
public record MetricsSnapshot(
        long sumAllPackets,
        int codecPayloadFormat,
        int rtpPtimeMs,
        long maxRblrPctX100,
        int maxIteCountIn8Sec,
        long maxBlsMs,
        long maxPdvUsec,
        long minPdvUsec,
        long movAvgPdvUsec,
        long totalIteCount,
        long totalSecCount,
        long concealedSecCount,
        long severelyConcealedSecCount,
        long maxCallIntervalMs,
        long totalSequenceNumberResets,
        long packetsReceived,
        long packetsLost,
        long packetsDiscarded) {
}
