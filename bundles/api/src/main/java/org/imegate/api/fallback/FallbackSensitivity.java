package org.imegate.api.fallback;

import org.imegate.api.rtpmonitor.MetricsSnapshot;

/**
 * A fallback sensitivity module (UND-03, UND-05): the rule for one sensitivity level that says, at every
 * monitoring tick, whether a call's RTP from the Internet is degraded enough to start (or keep running) the
 * hold-down timer that ends with a fallback REFER.
 *
 * <p>Registered as an OSGi service with the properties {@value #LEVEL} (0-5), {@value #SOURCE}
 * ({@value #BUILTIN} or the {@code .fbs} file name) and {@value #MODULE}. Where several services serve one
 * level, the one OSGi ranks first ({@code service.ranking}, then the lowest {@code service.id}) is in force.
 * The RTP monitor looks the module up again at every tick, so a replaced module applies to calls in progress
 * from their next tick on. Implementations are immutable and thread-safe; {@link #degraded} runs on the
 * monitor's timer thread for every monitored call at every tick and must be quick and must not block.
 */
public interface FallbackSensitivity {

    /** Service property: the level served, an Integer 0-5. */
    String LEVEL = "fallback.level";
    /** Service property: {@value #BUILTIN} or the name of the {@code .fbs} file the thresholds come from. */
    String SOURCE = "fallback.source";
    /** Service property: the {@code module} named by the {@code .fbs} file. */
    String MODULE = "fallback.module";
    /** Service property: the level's name as the file gives it. */
    String NAME = "fallback.name";
    /** {@value #SOURCE} of the modules shipped with the appliance. */
    String BUILTIN = "builtin";
    /** Alert raised when a {@code .fbs} file is refused (the modules in force are kept); cleared when it loads. */
    String FILE_REFUSED_ALERT = "FallbackSensitivityFileRefused";

    /** The level this module decides for. */
    SensitivityLevel level();

    /** The level's name, e.g. {@code Nominal}. */
    default String name() {
        return level().displayName();
    }

    /** {@value #BUILTIN} or the {@code .fbs} file name. */
    default String source() {
        return BUILTIN;
    }

    /** The limits; {@link Thresholds#NONE} for the Disable level. */
    Thresholds thresholds();

    /**
     * Whether the call is degraded. {@code window} holds the metrics of the recent past rather than of the
     * whole call, so that a call can recover: {@code maxRblrPctX100}, {@code maxIteCountIn8Sec} and
     * {@code maxBlsMs} are the maxima of the last 8 seconds of monitoring ticks; {@code totalSecCount},
     * {@code concealedSecCount} and {@code severelyConcealedSecCount} count the last (at most 8) complete
     * seconds of media; {@code movAvgPdvUsec} is the current moving average; the other components are the
     * call's totals as {@code show uc-ime media-sessions detail} prints them.
     */
    default boolean degraded(MetricsSnapshot window) {
        return thresholds().exceededBy(window);
    }
}
