package org.imegate.itests;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * baresip 1.0 (Debian {@code baresip-core}) as a real SIP user agent with SIP/TLS and SDES-SRTP, headless:
 * its own configuration directory ({@code -f}), audio read from a WAV file ({@code aufile}), the decoded
 * received audio written to a WAV file ({@code sndfile}, player {@code aubridge} with no listener), no
 * registration, SIP trace ({@code -s}) in its log, stopped by its pid in {@link #close()}.
 *
 * <p>What baresip 1.0 does on the wire and around it:
 * <ul>
 * <li>{@code sip_listen a:p} opens UDP and TCP on {@code p} and TLS on {@code p + 1}; {@link Settings#tlsPort}
 * is that TLS port.</li>
 * <li>As TLS client it presents {@code sip_certificate} (certificate and key in one PEM file) when the server
 * asks for one, but it does not verify the server's certificate ({@code sip_cafile} is loaded, no
 * {@code sip_verify_server} in 1.0); as TLS server it does not ask for a client certificate.</li>
 * <li>Outgoing TLS connections and RTP leave from 127.0.0.1 (the sockets are not bound to the listen address;
 * RTP sockets are bound to 0.0.0.0 inside {@code rtp_ports}), while Via, Contact and the SDP {@code c=} line
 * carry the configured address.</li>
 * <li>{@code mediaenc=srtp-mand}: {@code m=audio <port> RTP/SAVP 0 101} and
 * {@code a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:<40 base64>} in offer and answer; RTCP on port + 1.</li>
 * <li>A call ends by itself when the WAV file has been played (the {@code menu} module hangs up at the
 * source's end of file).</li>
 * </ul>
 */
public final class Baresip implements AutoCloseable {
    /** Log lines a test waits for (ANSI colours removed). */
    public enum Event {
        /** {@code baresip is ready.} (listeners open, account loaded) */
        READY("baresip is ready."),
        /** {@code <aor>: Call established: <peer>} */
        ESTABLISHED(": Call established: "),
        /** {@code srtp: audio: SRTP is Enabled (cryptosuite=AES_CM_128_HMAC_SHA1_80)} */
        SRTP_ENABLED("srtp: audio: SRTP is Enabled"),
        /** {@code stream: incoming rtp for 'audio' established, receiving from <addr>} */
        RTP_RECEIVED("incoming rtp for 'audio' established"),
        /** {@code call: answering call on line 1 from <peer> with 200} (answermode auto) */
        ANSWERING("call: answering call "),
        /** {@code <uri>: Call with <peer> terminated (duration: N secs)} */
        TERMINATED(" terminated (duration: "),
        /** {@code <uri>: session closed: <code> <reason>} (refused, reset or timed out) */
        SESSION_CLOSED(": session closed");

        private final String marker;

        Event(String marker) {
            this.marker = marker;
        }

        public String marker() {
            return marker;
        }
    }

    /**
     * One user agent: {@code address}:{@code tlsPort} for SIP/TLS ({@code tlsPort - 1} gets UDP and TCP),
     * account {@code sip:user@domain;transport=tls}, {@code certificate}/{@code key} (PEM) presented as TLS
     * client, {@code ca} loaded as trust anchor, {@code wav} played as the audio source (8 kHz mono 16 bit
     * matches PCMU without resampling), RTP in {@code rtpPorts} ("min-max").
     */
    public record Settings(String address, int tlsPort, String user, String domain, Path certificate, Path key,
            Path ca, Path wav, String rtpPorts, boolean autoAnswer, boolean srtpMandatory, String transport,
            String outboundProxy) {
        /** An agent that calls over TLS directly, without an outbound proxy. */
        public Settings(String address, int tlsPort, String user, String domain, Path certificate, Path key, Path ca,
                Path wav, String rtpPorts, boolean autoAnswer, boolean srtpMandatory) {
            this(address, tlsPort, user, domain, certificate, key, ca, wav, rtpPorts, autoAnswer, srtpMandatory, "tls",
                    null);
        }

        /**
         * The same agent calling over {@code transport} through {@code outboundProxy} (a SIP URI, e.g. a call
         * agent's trunk toward the appliance), with plain RTP.
         */
        public Settings viaProxy(String transport, String outboundProxy) {
            return new Settings(address, tlsPort, user, domain, certificate, key, ca, wav, rtpPorts, autoAnswer, false,
                    transport, outboundProxy);
        }

        /** The same agent with SRTP mandatory or not. */
        public Settings srtp(boolean mandatory) {
            return new Settings(address, tlsPort, user, domain, certificate, key, ca, wav, rtpPorts, autoAnswer, mandatory,
                    transport, outboundProxy);
        }

        public String accountLine() {
            return "<sip:" + user + "@" + domain + ";transport=" + transport + ">;answermode="
                    + (autoAnswer ? "auto" : "manual") + (srtpMandatory ? ";mediaenc=srtp-mand" : "")
                    + (outboundProxy == null ? "" : ";outbound=\"" + outboundProxy + "\"")
                    + ";audio_codecs=pcmu;regint=0";
        }

        /** This agent's SIP/TLS URI as another agent dials it. */
        public String uri() {
            return "sip:" + user + "@" + address + ":" + tlsPort + ";transport=tls";
        }
    }

    private static final Pattern ANSI = Pattern.compile("\u001B\\[[;0-9]*m");

    private final String name;
    private final Path dir;
    private final Process process;
    private final Path log;

    private Baresip(String name, Path dir, Process process, Path log) {
        this.name = name;
        this.dir = dir;
        this.process = process;
        this.log = log;
    }

    /**
     * Writes {@code dir/config} and {@code dir/accounts} for {@code s} (certificate and key joined into
     * {@code dir/tls.pem}, owner-only) and the directory {@code dir/rec} for the recorded audio.
     */
    public static Path configure(Path dir, Settings s) throws IOException {
        Files.createDirectories(dir.resolve("rec"));
        Path tls = dir.resolve("tls.pem");
        Files.deleteIfExists(tls);
        Files.createFile(tls, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(tls, Files.readString(s.certificate()) + Files.readString(s.key()));
        String config = String.join("\n",
                "poll_method\tepoll",
                "sip_listen\t" + s.address() + ":" + (s.tlsPort() - 1),
                "sip_certificate\t" + tls,
                "sip_cafile\t" + s.ca(),
                "net_interface\t" + s.address(),
                "call_local_timeout\t20",
                "call_max_calls\t4",
                "audio_source\taufile," + s.wav(),
                "audio_player\taubridge,nul",
                "audio_alert\taubridge,nul",
                "ausrc_format\ts16",
                "auplay_format\ts16",
                "auenc_format\ts16",
                "audec_format\ts16",
                "audio_buffer\t20-160",
                "rtp_ports\t" + s.rtpPorts(),
                "rtp_stats\tyes",
                "rtcp_mux\tno",
                "jitter_buffer_delay\t5-10",
                "module_path\t/usr/lib/baresip/modules",
                "module\tg711.so",
                "module\taufile.so",
                "module\taubridge.so",
                "module\tsndfile.so",
                "module\tsrtp.so",
                "module_tmp\taccount.so",
                "module_app\tmenu.so",
                "snd_path\t" + dir.resolve("rec"),
                "");
        Files.writeString(dir.resolve("config"), config);
        Files.writeString(dir.resolve("accounts"), s.accountLine() + "\n");
        return dir;
    }

    /**
     * Configures {@code dir} for {@code s} and starts baresip there with SIP trace, quitting by itself after
     * {@code lifetime}; dials {@code dialTarget} at once when it is not null. Output goes to {@code dir/<name>.log}.
     */
    public static Baresip start(String name, Path dir, Settings s, String dialTarget, Duration lifetime)
            throws IOException {
        configure(dir, s);
        List<String> cmd = new ArrayList<>(List.of("baresip", "-f", dir.toString(), "-s", "-t",
                Long.toString(Math.max(1, lifetime.toSeconds()))));
        if (dialTarget != null) {
            cmd.addAll(List.of("-e", "/dial " + dialTarget));
        }
        Path log = dir.resolve(name + ".log");
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        p.getOutputStream().close();
        return new Baresip(name, dir, p, log);
    }

    /** The whole log so far, ANSI colours and status-line carriage returns removed. */
    public String log() throws IOException {
        if (!Files.exists(log)) {
            return "";
        }
        String text = new String(Files.readAllBytes(log), StandardCharsets.UTF_8);
        return ANSI.matcher(text).replaceAll("").replace('\r', '\n');
    }

    /** The log's last 8000 characters, for failure messages. */
    public String logTail() throws IOException {
        String text = log();
        return name + " log:\n" + (text.length() > 8000 ? "..." + text.substring(text.length() - 8000) : text);
    }

    /** How many times {@code event} is in the log. */
    public int count(Event event) throws IOException {
        String text = log();
        int n = 0;
        for (int i = text.indexOf(event.marker()); i >= 0; i = text.indexOf(event.marker(), i + 1)) {
            n++;
        }
        return n;
    }

    /** Waits until the log holds {@code event} at least {@code times} times; fails with the log otherwise. */
    public void await(Event event, int times, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (int i = 0; i < 10_000 && System.nanoTime() < deadline; i++) {
            if (count(event) >= times) {
                return;
            }
            if (!process.isAlive() && count(event) < times) {
                throw new AssertionError(name + " exited with " + process.exitValue() + " before " + event + ":\n"
                        + logTail());
            }
            process.waitFor(50, TimeUnit.MILLISECONDS);
        }
        if (count(event) < times) {
            throw new AssertionError(name + ": no " + event + " (x" + times + ") within " + timeout + ":\n" + logTail());
        }
    }

    public void await(Event event, Duration timeout) throws IOException, InterruptedException {
        await(event, 1, timeout);
    }

    /** The first match of {@code regex} in the log (group 0), or null. */
    public String find(String regex) throws IOException {
        Matcher m = Pattern.compile(regex).matcher(log());
        return m.find() ? m.group() : null;
    }

    /**
     * The SIP messages of the trace: each starts at its request or status line after a
     * {@code TLS <from> -> <to>} line and runs to the next trace entry.
     */
    public List<String> sipTrace() throws IOException {
        List<String> messages = new ArrayList<>();
        String[] parts = log().split("\n#\n");
        for (int i = 1; i < parts.length; i++) {
            messages.add(parts[i]);
        }
        return messages;
    }

    /** Audio-RTP packet counts of the last call's statistics: {transmitted, received}, or null before any. */
    public long[] rtpPackets() throws IOException {
        Matcher m = Pattern.compile("packets:\\s+(\\d+)\\s+(\\d+)").matcher(log());
        long[] last = null;
        while (m.find()) {
            last = new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))};
        }
        return last;
    }

    /** The WAV files sndfile wrote for the received (decoded) audio, oldest first. */
    public List<Path> decodedRecordings() throws IOException {
        try (Stream<Path> files = Files.list(dir.resolve("rec"))) {
            return files.filter(f -> f.getFileName().toString().endsWith("-dec.wav")).sorted().toList();
        }
    }

    /**
     * The 16-bit little-endian samples of a PCM WAV file's {@code data} chunk (to the end of the file, so a
     * header not yet rewritten at close does not matter).
     */
    public static short[] samples(Path wav) throws IOException {
        byte[] b = Files.readAllBytes(wav);
        int i = 12;
        while (i + 8 <= b.length) {
            String id = new String(b, i, 4, StandardCharsets.US_ASCII);
            int size = ByteBuffer.wrap(b, i + 4, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
            if (id.equals("data")) {
                ByteBuffer data = ByteBuffer.wrap(b, i + 8, b.length - i - 8).order(ByteOrder.LITTLE_ENDIAN);
                short[] s = new short[data.remaining() / 2];
                data.asShortBuffer().get(s);
                return s;
            }
            i += 8 + Math.max(0, size) + (size & 1);
        }
        throw new IOException(wav + " has no data chunk");
    }

    /** Root mean square of {@code samples} (0 for none). */
    public static double rms(short[] samples) {
        double sum = 0;
        for (short v : samples) {
            sum += (double) v * v;
        }
        return samples.length == 0 ? 0 : Math.sqrt(sum / samples.length);
    }

    /**
     * Writes a mono 16-bit PCM WAV file at 8000 Hz: a {@code hz} sine of {@code amplitude} lasting
     * {@code duration}.
     */
    public static Path writeTone(Path wav, int hz, int amplitude, Duration duration) throws IOException {
        int rate = 8000;
        int n = (int) (rate * duration.toMillis() / 1000);
        ByteBuffer b = ByteBuffer.allocate(44 + 2 * n).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + 2 * n).put("WAVE".getBytes(StandardCharsets.US_ASCII));
        b.put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1).putShort((short) 1)
                .putInt(rate).putInt(rate * 2).putShort((short) 2).putShort((short) 16);
        b.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(2 * n);
        for (int i = 0; i < n; i++) {
            b.putShort((short) Math.round(amplitude * Math.sin(2 * Math.PI * hz * i / rate)));
        }
        Files.write(wav, b.array());
        return wav;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    /** Waits for baresip to quit by itself (its {@code -t} lifetime); returns the exit code or fails. */
    public int awaitExit(Duration timeout) throws InterruptedException, IOException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError(name + " still running after " + timeout + ":\n" + logTail());
        }
        return process.exitValue();
    }

    /** Stops baresip by its pid: SIGTERM, then SIGKILL after 5 s. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        }
    }
}
