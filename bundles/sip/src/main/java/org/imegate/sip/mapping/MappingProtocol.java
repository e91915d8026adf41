package org.imegate.sip.mapping;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The off-path mapping protocol (UND-12): one JSON object per line. A request
 * {@code {"id":<number|string>, "remote":"<ipv4>:<port>", "transport":"tls"}} is answered by
 * {@code {"id":..., "mapped":"<ip>:<port>"}} or {@code {"id":..., "error":"<text>"}}. Requests are
 * read strictly: one flat object, no unknown or repeated fields, nothing after it.
 */
public final class MappingProtocol {
    /** The longest request line, in octets, without its line end. */
    public static final int MAX_LINE = 4096;

    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(2).maxStringLength(MAX_LINE).build())
            .build();
    private static final Pattern ADDRESS = Pattern.compile(
            "((?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(?:\\.(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}):(\\d{1,5})");

    private MappingProtocol() {
    }

    /** A well-formed request. {@code id} is a Long or a String. */
    public record Request(Object id, InetSocketAddress remote, String transport) {
    }

    /** A request that cannot be served; {@code id} is the request's id when it could be read, else null. */
    public static final class BadRequest extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient Object id;

        BadRequest(Object id, String message) {
            super(message, null, false, false);
            this.id = id;
        }

        public Object id() {
            return id;
        }
    }

    /** Reads one request line (without its line end). */
    public static Request parse(String line) throws BadRequest {
        Object id = null;
        String remote = null;
        String transport = null;
        try (JsonParser p = JSON.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new BadRequest(null, "request is not a JSON object");
            }
            boolean idSeen = false;
            for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
                if (t != JsonToken.FIELD_NAME) {
                    throw new BadRequest(id, "request is not a JSON object");
                }
                String field = p.currentName();
                JsonToken v = p.nextToken();
                switch (field) {
                    case "id" -> {
                        idSeen = true;
                        if (v == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
                            id = p.getLongValue();
                        } else if (v == JsonToken.VALUE_STRING && !p.getText().isEmpty() && p.getText().length() <= 64) {
                            id = p.getText();
                        } else {
                            throw new BadRequest(null, "id must be an integer or a string of 1-64 characters");
                        }
                    }
                    case "remote" -> remote = text(p, v, id, field);
                    case "transport" -> transport = text(p, v, id, field);
                    default -> throw new BadRequest(id, "unknown field " + quoted(field)
                            + " (a request has id, remote and transport)");
                }
            }
            if (p.nextToken() != null) {
                throw new BadRequest(id, "text after the request object");
            }
            if (!idSeen) {
                throw new BadRequest(null, "id is missing");
            }
        } catch (JsonProcessingException e) {
            throw new BadRequest(id, "request is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (remote == null) {
            throw new BadRequest(id, "remote is missing");
        }
        String tp = transport == null ? "tls" : transport.toLowerCase(Locale.ROOT);
        if (!tp.equals("tls")) {
            throw new BadRequest(id, "transport " + quoted(transport) + " is not supported (IME trunks use tls)");
        }
        return new Request(id, address(id, remote), tp);
    }

    private static String text(JsonParser p, JsonToken v, Object id, String field) throws IOException, BadRequest {
        if (v != JsonToken.VALUE_STRING) {
            throw new BadRequest(id, field + " must be a string");
        }
        return p.getText();
    }

    /** {@code ipv4:port} of a remote enterprise's SIP/TLS listener. */
    static InetSocketAddress address(Object id, String text) throws BadRequest {
        Matcher m = ADDRESS.matcher(text);
        if (!m.matches()) {
            throw new BadRequest(id, "remote " + quoted(text) + " must be <IPv4 address>:<port> (IME trunks are IPv4 only)");
        }
        int port = Integer.parseInt(m.group(2));
        if (port < 1 || port > 65535) {
            throw new BadRequest(id, "remote port " + port + " must be 1-65535");
        }
        InetAddress a;
        try {
            a = InetAddress.getByName(m.group(1));
        } catch (UnknownHostException e) {
            throw new BadRequest(id, "remote " + quoted(text) + " must be <IPv4 address>:<port>");
        }
        if (a.isAnyLocalAddress() || a.isMulticastAddress() || m.group(1).equals("255.255.255.255")) {
            throw new BadRequest(id, "remote " + quoted(text) + " is not a unicast address");
        }
        return new InetSocketAddress(a, port);
    }

    /** The answer to a request: the mapped address. */
    public static String mapped(Object id, InetSocketAddress mapped) {
        return write(id, "mapped", mapped.getAddress().getHostAddress() + ":" + mapped.getPort());
    }

    /** The answer to a request that cannot be served. */
    public static String error(Object id, String text) {
        return write(id, "error", text);
    }

    private static String write(Object id, String field, String value) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            if (id instanceof Long n) {
                g.writeNumberField("id", n);
            } else if (id != null) {
                g.writeStringField("id", (String) id);
            } else {
                g.writeNullField("id");
            }
            g.writeStringField(field, value);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static String quoted(String s) {
        String t = s.length() > 64 ? s.substring(0, 64) + "..." : s;
        return "'" + t.replaceAll("[\\p{Cntrl}]", "?") + "'";
    }
}
