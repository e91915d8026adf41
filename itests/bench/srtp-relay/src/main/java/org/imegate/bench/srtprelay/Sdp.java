package org.imegate.bench.srtprelay;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/** The few SDP fields the benchmark needs: the audio stream's address and port, and its a=crypto values. */
record Sdp(InetSocketAddress audio, String proto, List<String> crypto) {

    static Sdp parse(String body) {
        String session = null;
        String media = null;
        int port = -1;
        String proto = null;
        List<String> crypto = new ArrayList<>();
        boolean inAudio = false;
        for (String raw : body.split("\r?\n")) {
            String line = raw.trim();
            if (line.startsWith("m=")) {
                String[] f = line.substring(2).split(" ");
                inAudio = f[0].equals("audio") && port < 0;
                if (inAudio) {
                    port = Integer.parseInt(f[1]);
                    proto = f[2];
                }
            } else if (line.startsWith("c=")) {
                String[] f = line.substring(2).split(" ");
                if (port < 0) {
                    session = f[2];
                } else if (inAudio) {
                    media = f[2];
                }
            } else if (inAudio && line.startsWith("a=crypto:")) {
                crypto.add(line.substring("a=crypto:".length()));
            }
        }
        String host = media != null ? media : session;
        if (host == null || port < 0) {
            throw new IllegalArgumentException("no audio stream with an address in the SDP:\n" + body);
        }
        return new Sdp(new InetSocketAddress(host, port), proto, List.copyOf(crypto));
    }

    /** An SDP body with one PCMA audio stream. */
    static String body(String origin, String address, int port, String proto, String cryptoLine) {
        StringBuilder b = new StringBuilder()
                .append("v=0\r\n")
                .append("o=").append(origin).append(" 1 1 IN IP4 ").append(address).append("\r\n")
                .append("s=-\r\n")
                .append("c=IN IP4 ").append(address).append("\r\n")
                .append("t=0 0\r\n")
                .append("m=audio ").append(port).append(' ').append(proto).append(" 8\r\n");
        if (cryptoLine != null) {
            b.append("a=crypto:").append(cryptoLine).append("\r\n");
        }
        return b.append("a=rtpmap:8 PCMA/8000\r\n").append("a=ptime:20\r\n").toString();
    }
}
