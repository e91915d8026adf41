package org.imegate.rtpmonitor.metrics;

import org.imegate.api.rtpmonitor.MetricsSnapshot;
import org.imegate.api.validation.Validate;

/**
 * The RTP metrics of one stream received from the Internet leg (catalogue §4.5, UND-03).
 *
 * <p>Fed with every authenticated packet through {@link #onPacket} and with every expiry of the monitoring
 * timer (10-600 ms, RTPM-10) through {@link #onTick}; {@link #snapshot} returns the values printed by
 * {@code show uc-ime media-sessions detail}. Neither {@code onPacket} nor {@code onTick} allocates. Not
 * thread-safe: one thread (the stream's event loop) drives an instance.
 *
 * <h2>Sequence numbers, loss and resets (RFC 3550 Appendix A.1, A.3)</h2>
 * A source is valid after {@value #MIN_SEQUENTIAL} packets in sequence (probation); the packet that ends
 * probation is the first one counted. With {@code udelta = (seq - max_seq) mod 2^16}:
 * <ul>
 * <li>{@code 0 < udelta < MAX_DROPOUT (3000)}: in order, possibly with a gap; the {@code udelta - 1} skipped
 * sequence numbers are counted lost; {@code max_seq} wraps through 65535 to 0.</li>
 * <li>{@code udelta <= 2^16 - MAX_MISORDER (100)}: a large jump; the packet is not counted and remembered;
 * if the next packet follows it ({@code seq == bad_seq}) the sender is assumed to have restarted, the
 * sequence is re-synchronised ({@code init_seq}) and {@code Total_SequenceNumber_Resets} incremented.</li>
 * <li>otherwise ({@code udelta == 0} or at most 100 behind): a duplicate or a reordered packet. It arrives
 * after a later packet was already played, so it is counted <em>discarded</em> (RFC 3611 §4.7.1, late
 * arrival); if it fills a position counted lost, that position moves from lost to discarded. Hence
 * {@code packetsLost} equals the RFC 3550 A.3 cumulative loss {@code expected - received} with duplicates
 * not counted as received.</li>
 * </ul>
 *
 * <h2>Bursts (RFC 3611 §4.7.2, RFC 6958)</h2>
 * Each sequence position is either received or lost/discarded. A burst is the longest run of positions that
 * starts and ends with a lost/discarded position and contains no {@value #GMIN} (Gmin) consecutive received
 * positions; a lone loss between Gmin received packets belongs to a gap. The burst loss rate is the burst
 * density {@code lost_or_discarded_in_burst / positions_in_burst} of the burst that received a loss during the
 * tick, evaluated at the tick; {@code Max_RBLR_pct_x100} is its maximum over ticks in 0.01 % units.
 * {@code Max_BLS_ms} is the longest run of consecutive lost/discarded positions times ptime.
 *
 * <h2>Impaired ticks (UND-03)</h2>
 * An ITE is a monitoring tick during which at least one position was found lost or one packet discarded.
 * {@code Total_ITE_count} counts them; {@code Max_ITE_count_in_8_sec} is the maximum, over ticks, of the ITEs
 * whose tick time lies in {@code (now - 8 s, now]}.
 *
 * <h2>Packet delay variation (RFC 5481 §4.2, gain per RFC 3550 A.8)</h2>
 * For every packet {@code i} the one-way delay relative to the first packet is
 * {@code D(i) = (arrival_i - arrival_ref) - (ts_i - ts_ref) / clock_rate} (µs, timestamps extended past the
 * 32-bit wrap); {@code PDV(i) = D(i) - min D} over the packets so far. {@code Max_PDV_usec} and
 * {@code Min_PDV_usec} are the extremes of {@code PDV(i)}; {@code Mov_avg_PDV_usec} is the EWMA
 * {@code avg += (PDV(i) - avg) / 16}, kept scaled by 16 as in RFC 3550 A.8. A re-synchronisation restarts the
 * references.
 *
 * <h2>Concealment (RFC 7294 §3.2)</h2>
 * Media time is cut in seconds of the RTP clock from the first counted packet. Each lost position conceals
 * ptime ms of the second its (interpolated) timestamp falls in. When media time leaves a second, it is counted
 * in {@code Total_sec_count}, in {@code Concealed_sec_count} if any concealment occurred in it, and in
 * {@code Severely_concealed_sec_count} if at least {@value #SCS_THRESHOLD_MS} ms were concealed. The second
 * in progress is not counted yet.
 *
 * <h2>Evaluation window (UND-03)</h2>
 * The maxima above cover the whole call and never come down; a call can only recover if the fallback decision
 * looks at the recent past. {@link #evaluation} therefore returns the metrics of a sliding window:
 * {@code maxRblrPctX100} and {@code maxBlsMs} are the maxima of the per-tick values over the last
 * {@value #WINDOW_SECONDS} seconds of ticks (kept in one-second buckets of tick time, so the window spans
 * 7 to 8 s), {@code maxIteCountIn8Sec} is the number of ITEs in {@code (now - 8 s, now]}, {@code totalSecCount},
 * {@code concealedSecCount} and {@code severelyConcealedSecCount} count the last (at most
 * {@value #WINDOW_SECONDS}) closed media seconds, {@code movAvgPdvUsec} is the current average, and the other
 * components are those of {@link #snapshot}.
 *
 * <h2>Dead path</h2>
 * When no packet has arrived for {@link #DEAD_PATH_NANOS} (1 s), every tick is impaired and the silence, in
 * packets of ptime, is a loss run ({@code Max_BLS_ms}), so a path that dies degrades the call at every level
 * within a little more than a second; losses found later from the sequence numbers (if media resumes) do not
 * add to it, the maxima are shared.
 *
 * <h2>Other metrics</h2>
 * {@code Max_call_interval_ms}: largest gap between two consecutive arrivals. {@code RTP_ptime_ms}: SDP
 * {@code a=ptime} (RFC 8866 §6.4) when given, otherwise the timestamp step of the first two consecutive packets
 * divided by the clock rate; losses counted before it is known conceal {@value #DEFAULT_PTIME_MS} ms.
 * {@code Codec_payload_format}: payload type of the last packet.
 */
public final class StreamMetrics {

    /** RFC 3550 A.1. */
    public static final int MAX_DROPOUT = 3000;
    /** RFC 3550 A.1. */
    public static final int MAX_MISORDER = 100;
    /** RFC 3550 A.1. */
    public static final int MIN_SEQUENTIAL = 2;
    /** RFC 3611 §4.7.2. */
    public static final int GMIN = 16;
    /** RFC 7294 severely concealed second threshold (UND-03). */
    public static final int SCS_THRESHOLD_MS = 50;
    /** Width of the sliding ITE window. */
    public static final long ITE_WINDOW_NANOS = 8_000_000_000L;
    /** Default RTP clock rate. */
    public static final int DEFAULT_CLOCK_RATE = 8000;
    /** Ptime assumed while it is neither signalled nor derived (RFC 3551 §4.5). */
    public static final int DEFAULT_PTIME_MS = 20;
    /**
     * A stream silent this long has lost its path: each tick of the silence is impaired and the silence counts as
     * a run of lost packets (ptime each). A held call is not monitored meanwhile (SIP stops it), so only a path
     * that died is seen.
     */
    public static final long DEAD_PATH_NANOS = 1_000_000_000L;
    /** Length of the evaluation window, seconds. */
    public static final int WINDOW_SECONDS = 8;
    /** Shortest monitoring timer (RTPM-10): bounds the ITEs that fit in the window. */
    private static final int MIN_TICK_MS = 10;

    private static final int SEQ_MOD = 1 << 16;

    private final int clockRate;
    private final boolean ptimeSignalled;
    private int ptimeMs;

    // RFC 3550 A.1 state
    private boolean started;
    private int maxSeq;
    private int badSeq;
    private int probation;
    /** Received status of positions max_seq - 127 .. max_seq: bit k of lo (k < 64) / hi (k - 64) is max_seq - k. */
    private long recvLo;
    private long recvHi;

    // extended RTP timestamp of max_seq
    private int lastTs;
    private long extTs;

    private long sumAllPackets;
    private int payloadType = -1;
    private long received;
    private long lost;
    private long discarded;
    private long resets;

    // arrivals
    private boolean anyArrival;
    private long lastArrival;
    private long maxIntervalNanos;

    // bursts
    private boolean lossSeen;
    private int recvRun;
    private long burstLen;
    private long burstLosses;
    private boolean burstTouched;
    private long lossRun;
    private long maxLossRun;
    private long maxRblr;

    // ticks
    private long tickImpairments;
    private long totalIte;
    private final long[] iteTimes;
    private int iteHead;
    private int iteSize;
    private int maxIteIn8s;

    // evaluation window: one-second buckets of tick values, indexed by tick second modulo WINDOW_SECONDS
    private long tickMaxLossRun;
    private final long[] bucketSecond = new long[WINDOW_SECONDS];
    private final long[] bucketRblr = new long[WINDOW_SECONDS];
    private final long[] bucketLossRun = new long[WINDOW_SECONDS];
    // the last WINDOW_SECONDS closed media seconds, newest in bit 0
    private int windowConcealed;
    private int windowSeverelyConcealed;
    private int windowSeconds;

    // PDV
    private boolean pdvRef;
    private long arrivalRef;
    private long extTsRef;
    private long minDelay;
    private long maxPdv = Long.MIN_VALUE;
    private long minPdv = Long.MAX_VALUE;
    private long pdvAvgScaled;

    // concealment
    private boolean secondsStarted;
    private long secondsBase;
    private long currentSecond;
    private long concealedMsInSecond;
    private long totalSec;
    private long concealedSec;
    private long severelyConcealedSec;

    /**
     * @param clockRate RTP clock rate in Hz ({@value #DEFAULT_CLOCK_RATE} for the narrow-band and G.722 codecs)
     * @param ptimeMs   SDP {@code a=ptime} in ms, or 0 to derive it from the timestamps
     */
    public StreamMetrics(int clockRate, int ptimeMs) {
        this.clockRate = Validate.range("clock-rate", clockRate, 1, 1_000_000);
        this.ptimeMs = Validate.range("ptime", ptimeMs, 0, 1000);
        this.ptimeSignalled = ptimeMs > 0;
        this.iteTimes = new long[(int) (ITE_WINDOW_NANOS / 1_000_000L / MIN_TICK_MS) + 1];
        java.util.Arrays.fill(bucketSecond, Long.MIN_VALUE);
    }

    /** A stream at {@value #DEFAULT_CLOCK_RATE} Hz whose ptime is derived from the timestamps. */
    public StreamMetrics() {
        this(DEFAULT_CLOCK_RATE, 0);
    }

    /**
     * One authenticated packet.
     *
     * @param seq          RTP sequence number (0-65535)
     * @param rtpTs        RTP timestamp (32 bits, unsigned value or its int cast)
     * @param arrivalNanos arrival time on a monotonic nanosecond clock ({@link System#nanoTime()})
     * @param pt           payload type
     */
    public void onPacket(int seq, long rtpTs, long arrivalNanos, int pt) {
        seq &= 0xFFFF;
        int ts = (int) rtpTs;
        sumAllPackets++;
        payloadType = pt & 0x7F;
        if (anyArrival) {
            long gap = arrivalNanos - lastArrival;
            if (gap > maxIntervalNanos) {
                maxIntervalNanos = gap;
            }
        }
        anyArrival = true;
        lastArrival = arrivalNanos;

        if (!started) {
            started = true;
            initSeq(seq);
            maxSeq = (seq - 1) & 0xFFFF;
            probation = MIN_SEQUENTIAL;
            lastTs = ts;
            extTs = 0;
            resetPdv(arrivalNanos, 0);
        }
        int udelta = (seq - maxSeq) & 0xFFFF;
        if (probation > 0) {
            if (udelta == 1) {
                advanceTimestamp(ts, 1);
                maxSeq = seq;
                probation--;
                if (probation == 0) {
                    initSeq(seq);
                    startSeconds();
                    accept(arrivalNanos);
                } else {
                    delay(arrivalNanos, extTs);
                }
            } else {
                probation = MIN_SEQUENTIAL - 1;
                maxSeq = seq;
                lastTs = ts;
                resetPdv(arrivalNanos, extTs);
            }
            return;
        }
        if (udelta > 0 && udelta < MAX_DROPOUT) {
            long prevExt = extTs;
            advanceTimestamp(ts, udelta);
            for (int k = 1; k < udelta; k++) {
                position(true, prevExt + (extTs - prevExt) * k / udelta);
            }
            shift(udelta);
            maxSeq = seq;
            accept(arrivalNanos);
        } else if (udelta != 0 && udelta <= SEQ_MOD - MAX_MISORDER) {
            if (seq == badSeq) {
                // two sequential packets after a large jump: the sender restarted (RFC 3550 A.1)
                resets++;
                initSeq(seq);
                long ext = extTs + ptimeTicks();
                lastTs = ts;
                extTs = ext;
                resetPdv(arrivalNanos, ext);
                accept(arrivalNanos);
            } else {
                badSeq = (seq + 1) & 0xFFFF;
            }
        } else {
            late(udelta == 0 ? 0 : SEQ_MOD - udelta);
            delay(arrivalNanos, extTs + (ts - lastTs));
        }
    }

    /**
     * Expiry of the monitoring timer: closes the tick (ITE, burst loss rate) opened by the previous call.
     *
     * @param nowNanos the same clock as the arrival times
     */
    public void onTick(long nowNanos) {
        if (anyArrival && nowNanos - lastArrival >= DEAD_PATH_NANOS) {
            // a dead path: nothing arrives, so no sequence gap will show the loss until (unless) media resumes
            tickImpairments++;
            long silent = (nowNanos - lastArrival) / (effectivePtime() * 1_000_000L);
            if (silent > tickMaxLossRun) {
                tickMaxLossRun = silent;
            }
            if (silent > maxLossRun) {
                maxLossRun = silent;
            }
        }
        if (tickImpairments > 0) {
            totalIte++;
            if (iteSize == iteTimes.length) {
                iteSize--;
            }
            iteTimes[(iteHead + iteSize) % iteTimes.length] = nowNanos;
            iteSize++;
        }
        while (iteSize > 0 && nowNanos - iteTimes[iteHead] >= ITE_WINDOW_NANOS) {
            iteHead = (iteHead + 1) % iteTimes.length;
            iteSize--;
        }
        if (iteSize > maxIteIn8s) {
            maxIteIn8s = iteSize;
        }
        long rate = 0;
        if (burstTouched && burstLosses >= 2) {
            rate = burstLosses * 10_000L / burstLen;
            if (rate > maxRblr) {
                maxRblr = rate;
            }
        }
        long second = Math.floorDiv(nowNanos, 1_000_000_000L);
        int b = (int) Math.floorMod(second, (long) WINDOW_SECONDS);
        if (bucketSecond[b] != second) {
            bucketSecond[b] = second;
            bucketRblr[b] = 0;
            bucketLossRun[b] = 0;
        }
        if (rate > bucketRblr[b]) {
            bucketRblr[b] = rate;
        }
        if (tickMaxLossRun > bucketLossRun[b]) {
            bucketLossRun[b] = tickMaxLossRun;
        }
        tickMaxLossRun = 0;
        burstTouched = false;
        tickImpairments = 0;
    }

    /** The metrics now. */
    public MetricsSnapshot snapshot() {
        int ptime = ptimeMs;
        return new MetricsSnapshot(
                sumAllPackets,
                payloadType,
                ptime,
                maxRblr,
                maxIteIn8s,
                maxLossRun * effectivePtime(),
                pdvRef && maxPdv != Long.MIN_VALUE ? maxPdv : 0,
                pdvRef && minPdv != Long.MAX_VALUE ? minPdv : 0,
                pdvAvgScaled >> 4,
                totalIte,
                totalSec,
                concealedSec,
                severelyConcealedSec,
                maxIntervalNanos / 1_000_000L,
                resets,
                received,
                lost,
                discarded);
    }

    /**
     * The metrics of the evaluation window ending with the tick at {@code nowNanos} (call it right after
     * {@link #onTick} with the same time); see the class description.
     */
    public MetricsSnapshot evaluation(long nowNanos) {
        long second = Math.floorDiv(nowNanos, 1_000_000_000L);
        long rblr = 0;
        long run = 0;
        for (int i = 0; i < WINDOW_SECONDS; i++) {
            long s = bucketSecond[i];
            if (s != Long.MIN_VALUE && s > second - WINDOW_SECONDS && s <= second) {
                rblr = Math.max(rblr, bucketRblr[i]);
                run = Math.max(run, bucketLossRun[i]);
            }
        }
        return new MetricsSnapshot(
                sumAllPackets,
                payloadType,
                ptimeMs,
                rblr,
                iteSize,
                run * effectivePtime(),
                pdvRef && maxPdv != Long.MIN_VALUE ? maxPdv : 0,
                pdvRef && minPdv != Long.MAX_VALUE ? minPdv : 0,
                pdvAvgScaled >> 4,
                totalIte,
                windowSeconds,
                Integer.bitCount(windowConcealed),
                Integer.bitCount(windowSeverelyConcealed),
                maxIntervalNanos / 1_000_000L,
                resets,
                received,
                lost,
                discarded);
    }

    /** Packets fed so far ({@code Sum_all_packets}). */
    public long packets() {
        return sumAllPackets;
    }

    private void initSeq(int seq) {
        maxSeq = seq;
        badSeq = SEQ_MOD + 1;
        recvLo = 0;
        recvHi = 0;
    }

    /** Extends the timestamp of the new max_seq; derives ptime from the first step of one sequence number. */
    private void advanceTimestamp(int ts, int udelta) {
        int step = ts - lastTs;
        if (!ptimeSignalled && ptimeMs == 0 && udelta == 1 && step > 0) {
            ptimeMs = (int) Math.max(1, (long) step * 1000L / clockRate);
        }
        extTs += step;
        lastTs = ts;
    }

    /** A counted packet at max_seq. */
    private void accept(long arrivalNanos) {
        recvLo |= 1L;
        position(false, extTs);
        delay(arrivalNanos, extTs);
    }

    private void late(int behind) {
        tickImpairments++;
        discarded++;
        boolean seen;
        if (behind < 64) {
            seen = (recvLo & (1L << behind)) != 0;
            recvLo |= 1L << behind;
        } else if (behind < 128) {
            seen = (recvHi & (1L << (behind - 64))) != 0;
            recvHi |= 1L << (behind - 64);
        } else {
            seen = true;
        }
        if (!seen && lost > 0) {
            lost--;
        }
    }

    private void shift(int n) {
        if (n >= 128) {
            recvLo = 0;
            recvHi = 0;
        } else if (n >= 64) {
            recvHi = recvLo << (n - 64);
            recvLo = 0;
        } else {
            recvHi = (recvHi << n) | (recvLo >>> (64 - n));
            recvLo <<= n;
        }
    }

    /** One sequence position in order: burst/gap state (RFC 3611 §4.7.2) and concealment (RFC 7294). */
    private void position(boolean isLost, long ext) {
        second(ext);
        if (isLost) {
            lost++;
            tickImpairments++;
            lossRun++;
            if (lossRun > maxLossRun) {
                maxLossRun = lossRun;
            }
            if (lossRun > tickMaxLossRun) {
                tickMaxLossRun = lossRun;
            }
            if (lossSeen && recvRun < GMIN) {
                burstLen += recvRun + 1;
                burstLosses++;
            } else {
                burstLen = 1;
                burstLosses = 1;
            }
            lossSeen = true;
            recvRun = 0;
            burstTouched = true;
            concealedMsInSecond += effectivePtime();
        } else {
            received++;
            lossRun = 0;
            if (recvRun < GMIN) {
                recvRun++;
            }
        }
    }

    private void startSeconds() {
        if (!secondsStarted) {
            secondsStarted = true;
            secondsBase = extTs;
            currentSecond = 0;
        }
    }

    private void second(long ext) {
        long index = Math.floorDiv(ext - secondsBase, clockRate);
        if (index <= currentSecond) {
            return;
        }
        closeSecond();
        long empty = index - currentSecond - 1;
        totalSec += empty;
        for (long k = 0; k < Math.min(empty, WINDOW_SECONDS); k++) {
            windowSecond(false, false);
        }
        currentSecond = index;
    }

    private void closeSecond() {
        totalSec++;
        boolean concealed = concealedMsInSecond > 0;
        boolean severe = concealedMsInSecond >= SCS_THRESHOLD_MS;
        if (concealed) {
            concealedSec++;
            if (severe) {
                severelyConcealedSec++;
            }
        }
        windowSecond(concealed, severe);
        concealedMsInSecond = 0;
    }

    private void windowSecond(boolean concealed, boolean severe) {
        int mask = (1 << WINDOW_SECONDS) - 1;
        windowConcealed = ((windowConcealed << 1) | (concealed ? 1 : 0)) & mask;
        windowSeverelyConcealed = ((windowSeverelyConcealed << 1) | (severe ? 1 : 0)) & mask;
        if (windowSeconds < WINDOW_SECONDS) {
            windowSeconds++;
        }
    }

    private void resetPdv(long arrivalNanos, long ext) {
        pdvRef = false;
        arrivalRef = arrivalNanos;
        extTsRef = ext;
    }

    /** RFC 5481 §4.2 delay of one packet relative to the minimum so far. */
    private void delay(long arrivalNanos, long ext) {
        if (!pdvRef) {
            pdvRef = true;
            arrivalRef = arrivalNanos;
            extTsRef = ext;
            minDelay = 0;
        }
        long d = (arrivalNanos - arrivalRef) / 1000L - (ext - extTsRef) * 1_000_000L / clockRate;
        if (d < minDelay) {
            minDelay = d;
        }
        long pdv = d - minDelay;
        if (pdv > maxPdv) {
            maxPdv = pdv;
        }
        if (pdv < minPdv) {
            minPdv = pdv;
        }
        pdvAvgScaled += pdv - ((pdvAvgScaled + 8) >> 4);
    }

    private int effectivePtime() {
        return ptimeMs > 0 ? ptimeMs : DEFAULT_PTIME_MS;
    }

    private long ptimeTicks() {
        return (long) effectivePtime() * clockRate / 1000L;
    }
}
