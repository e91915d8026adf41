package org.imegate.api.fallback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.imegate.api.rtpmonitor.MetricsSnapshot;
import org.imegate.api.validation.ValidationException;
import org.junit.jupiter.api.Test;

class ThresholdsTest {

    private static final Thresholds NOMINAL = new Thresholds(4000, 8, 200, 50_000, 70);

    /** A window with the five evaluated metrics set, the rest zero. */
    private static MetricsSnapshot window(long rblr, int ite, long bls, long pdv, long concealed, long seconds) {
        return new MetricsSnapshot(1000, 0, 20, rblr, ite, bls, 0, 0, pdv, 0, seconds, concealed, 0, 20, 0, 1000, 0, 0);
    }

    @Test
    void limitsAreInclusive() {
        MetricsSnapshot atLimits = window(4000, 8, 200, 50_000, 5, 8);
        assertFalse(NOMINAL.exceededBy(atLimits));
        assertEquals(List.of(), NOMINAL.exceeded(atLimits));
    }

    @Test
    void eachMetricAloneExceeds() {
        assertTrue(NOMINAL.exceededBy(window(4001, 0, 0, 0, 0, 8)));
        assertTrue(NOMINAL.exceededBy(window(0, 9, 0, 0, 0, 8)));
        assertTrue(NOMINAL.exceededBy(window(0, 0, 201, 0, 0, 8)));
        assertTrue(NOMINAL.exceededBy(window(0, 0, 0, 50_001, 0, 8)));
        assertTrue(NOMINAL.exceededBy(window(0, 0, 0, 0, 6, 8)), "6 of 8 seconds = 75 % > 70 %");
        assertFalse(NOMINAL.exceededBy(window(0, 0, 0, 0, 5, 8)), "5 of 8 seconds = 62.5 %");
        assertFalse(NOMINAL.exceededBy(window(0, 0, 0, 0, 0, 0)), "no second counted yet");
        assertFalse(NOMINAL.exceededBy(window(0, 0, 0, 0, 2, 2)), "2 concealed seconds at the start are 25 % of 8");
        assertTrue(NOMINAL.exceededBy(window(0, 0, 0, 0, 6, 6)), "6 of the 8 seconds of the window");
    }

    @Test
    void exceededNamesTheSeedMetrics() {
        assertEquals(List.of("Max_RBLR_pct_x100 5000 > 4000", "Max_ITE_count_in_8_sec 12 > 8", "Max_BLS_ms 400 > 200",
                "Mov_avg_PDV_usec 60000 > 50000", "Concealed_sec_pct 100 > 70"),
                NOMINAL.exceeded(window(5000, 12, 400, 60_000, 8, 8)));
    }

    @Test
    void noneIsNeverExceeded() {
        assertFalse(Thresholds.NONE.exceededBy(window(10_000, 800, 60_000, 10_000_000, 8, 8)));
    }

    @Test
    void negativeLimitIsRefused() {
        ValidationException e = assertThrows(ValidationException.class, () -> new Thresholds(-1, 0, 0, 0, 0));
        assertEquals("ERROR: maxRblrPctX100 -1 out of range 0-2147483647", e.getMessage());
    }

    @Test
    void levelsMapTheWireValues() {
        assertEquals(SensitivityLevel.DISABLE, SensitivityLevel.of(0));
        assertEquals(SensitivityLevel.NOMINAL, SensitivityLevel.of(3));
        assertEquals("Aggressive", SensitivityLevel.of(5).displayName());
        assertEquals(4, SensitivityLevel.MODERATE.value());
        assertEquals("ERROR: sensitivity 6 out of range 0-5",
                assertThrows(ValidationException.class, () -> SensitivityLevel.of(6)).getMessage());
        assertEquals("ERROR: sensitivity -1 out of range 0-5",
                assertThrows(ValidationException.class, () -> SensitivityLevel.of(-1)).getMessage());
    }

    @Test
    void defaultDegradedUsesTheThresholds() {
        FallbackSensitivity m = new FallbackSensitivity() {
            @Override
            public SensitivityLevel level() {
                return SensitivityLevel.NOMINAL;
            }

            @Override
            public Thresholds thresholds() {
                return NOMINAL;
            }
        };
        assertEquals("Nominal", m.name());
        assertEquals(FallbackSensitivity.BUILTIN, m.source());
        assertTrue(m.degraded(window(0, 0, 201, 0, 0, 8)));
        assertFalse(m.degraded(window(0, 0, 200, 0, 0, 8)));
    }
}
