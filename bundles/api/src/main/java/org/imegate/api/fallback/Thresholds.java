package org.imegate.api.fallback;

import java.util.ArrayList;
import java.util.List;
import org.imegate.api.rtpmonitor.MetricsSnapshot;
import org.imegate.api.validation.Validate;

/**
 * The limits of one sensitivity level (UND-04; the component names are the keys of a {@code .fbs} file,
 * {@code level.<n>.<component>}). A metric is over its limit when it is strictly greater; the metrics are
 * those of the evaluation window described in {@link FallbackSensitivity#degraded(MetricsSnapshot)}.
 *
 * @param maxRblrPctX100     limit of {@code Max_RBLR_pct_x100}, burst loss rate in 0.01 % units (0-10000)
 * @param maxIteIn8s         limit of {@code Max_ITE_count_in_8_sec}, impaired monitoring ticks in 8 s (0-800)
 * @param maxBlsMs           limit of {@code Max_BLS_ms}, longest run of lost packets in ms (0-60000)
 * @param maxMovAvgPdvUs     limit of {@code Mov_avg_PDV_usec}, moving average delay variation in µs (0-10000000)
 * @param maxConcealedSecPct limit of the share of concealed seconds among the last
 *                           {@value #CONCEALED_WINDOW_SECONDS} seconds of media, in percent (0-100)
 */
public record Thresholds(int maxRblrPctX100, int maxIteIn8s, int maxBlsMs, int maxMovAvgPdvUs,
        int maxConcealedSecPct) {

    /** Highest meaningful values, the ranges a {@code .fbs} file is checked against. */
    public static final int RBLR_LIMIT = 10_000;
    public static final int ITE_LIMIT = 800;
    public static final int BLS_LIMIT = 60_000;
    public static final int PDV_LIMIT = 10_000_000;
    public static final int CONCEALED_LIMIT = 100;

    /**
     * The concealed-seconds share is taken of this many seconds, the evaluation window's length, also while a call
     * has fewer seconds behind it, so that one concealed second at the start of a call is not 100 %.
     */
    public static final int CONCEALED_WINDOW_SECONDS = 8;

    /** Limits that are never exceeded: the Disable level. */
    public static final Thresholds NONE = new Thresholds(Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE,
            Integer.MAX_VALUE, Integer.MAX_VALUE);

    public Thresholds {
        Validate.range("maxRblrPctX100", maxRblrPctX100, 0, Integer.MAX_VALUE);
        Validate.range("maxIteIn8s", maxIteIn8s, 0, Integer.MAX_VALUE);
        Validate.range("maxBlsMs", maxBlsMs, 0, Integer.MAX_VALUE);
        Validate.range("maxMovAvgPdvUs", maxMovAvgPdvUs, 0, Integer.MAX_VALUE);
        Validate.range("maxConcealedSecPct", maxConcealedSecPct, 0, Integer.MAX_VALUE);
    }

    /** Whether any metric of {@code window} is over its limit. Allocates nothing. */
    public boolean exceededBy(MetricsSnapshot window) {
        return window.maxRblrPctX100() > maxRblrPctX100
                || window.maxIteCountIn8Sec() > maxIteIn8s
                || window.maxBlsMs() > maxBlsMs
                || window.movAvgPdvUsec() > maxMovAvgPdvUs
                || concealedOver(window);
    }

    /**
     * The metrics of {@code window} over their limits, as {@code <metric> <value> > <limit>} (e.g.
     * {@code Max_BLS_ms 400 > 200}); empty when none is.
     */
    public List<String> exceeded(MetricsSnapshot window) {
        List<String> out = new ArrayList<>();
        if (window.maxRblrPctX100() > maxRblrPctX100) {
            out.add("Max_RBLR_pct_x100 " + window.maxRblrPctX100() + " > " + maxRblrPctX100);
        }
        if (window.maxIteCountIn8Sec() > maxIteIn8s) {
            out.add("Max_ITE_count_in_8_sec " + window.maxIteCountIn8Sec() + " > " + maxIteIn8s);
        }
        if (window.maxBlsMs() > maxBlsMs) {
            out.add("Max_BLS_ms " + window.maxBlsMs() + " > " + maxBlsMs);
        }
        if (window.movAvgPdvUsec() > maxMovAvgPdvUs) {
            out.add("Mov_avg_PDV_usec " + window.movAvgPdvUsec() + " > " + maxMovAvgPdvUs);
        }
        if (concealedOver(window)) {
            out.add("Concealed_sec_pct " + window.concealedSecCount() * 100 / concealedBase(window) + " > "
                    + maxConcealedSecPct);
        }
        return out;
    }

    /** Concealed seconds over {@code maxConcealedSecPct} percent of the window. */
    private boolean concealedOver(MetricsSnapshot window) {
        return window.concealedSecCount() * 100 > (long) maxConcealedSecPct * concealedBase(window);
    }

    private static long concealedBase(MetricsSnapshot window) {
        return Math.max(window.totalSecCount(), CONCEALED_WINDOW_SECONDS);
    }
}
