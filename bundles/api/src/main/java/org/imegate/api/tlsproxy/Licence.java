package org.imegate.api.tlsproxy;

/**
 * The licence descriptor (UND-18): whether the Intercompany Media Engine licence is present, the export
 * class, and the TLS proxy session limits.
 *
 * @param imeLicensed        the IME licence is installed
 * @param exportClass        K8 (export-unrestricted, TLS sessions limited to 1000) or K9
 * @param platformLimit      the platform model's TLS proxy session limit
 * @param maximumSessions    the limit in force ({@code tls-proxy maximum-sessions}, at most the licence allows)
 * @param srtpSessionLimit   SRTP sessions allowed (K8: 250)
 */
public record Licence(boolean imeLicensed, ExportClass exportClass, int platformLimit, int maximumSessions,
        int srtpSessionLimit) {

    /** Export classes of the seeds' licences. */
    public enum ExportClass {
        K8, K9
    }
}
