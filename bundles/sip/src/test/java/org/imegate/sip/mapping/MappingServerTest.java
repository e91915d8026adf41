package org.imegate.sip.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.imegate.sip.proxy.MappedTarget;
import org.imegate.sip.shell.ShowMappingServiceSessions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The mapping service on real loopback sockets: answers, refusals, counters, idle close, mappings. */
class MappingServerTest {
    static final InetAddress CLIENT = address("127.0.0.10");
    static final InetAddress SERVER = address("127.0.0.2");

    final MappingTotals totals = new MappingTotals();
    final List<String> bound = new java.util.concurrent.CopyOnWriteArrayList<>();
    final ConcurrentHashMap<Integer, MappedListeners.Usage> usages = new ConcurrentHashMap<>();
    final List<Socket> clients = new ArrayList<>();
    MappingServer server;
    Mappings mappings;

    static InetAddress address(String a) {
        try {
            return InetAddress.getByName(a);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Mapped listeners recorded instead of bound; port 5102 behaves as taken by another program. */
    final MappedListeners fakeTransport = new MappedListeners() {
        @Override
        public CompletionStage<AutoCloseable> listen(InetSocketAddress at, MappedTarget target, Usage usage) {
            synchronized (bound) {
                if (at.getPort() == 5102) {
                    return CompletableFuture.failedFuture(new IOException("Address already in use"));
                }
                bound.add(at.getPort() + "->" + target.remote().getAddress().getHostAddress() + ":"
                        + target.remote().getPort() + " from " + target.source().getHostAddress());
                usages.put(at.getPort(), usage);
            }
            return CompletableFuture.completedFuture(() -> {
                synchronized (bound) {
                    bound.add("closed " + at.getPort());
                }
            });
        }
    };

    void start(Duration idle, int portMax) {
        mappings = new Mappings(SERVER, address("127.0.0.3"), 5100, portMax, idle, fakeTransport, totals);
        server = new MappingServer(new InetSocketAddress(SERVER, 0), mappings, CLIENT::equals, idle, totals,
                mappings::sweep, Duration.ofMillis(100));
    }

    @AfterEach
    void stop() throws IOException {
        for (Socket s : clients) {
            s.close();
        }
        if (server != null) {
            server.close();
        }
        if (mappings != null) {
            mappings.close();
        }
    }

    Socket connect(InetAddress from) throws IOException {
        Socket s = new Socket();
        clients.add(s);
        s.bind(new InetSocketAddress(from, 0));
        s.connect(server.address(), 2000);
        s.setSoTimeout(5000);
        return s;
    }

    static String ask(Socket s, String line) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        return readLine(s);
    }

    static String readLine(Socket s) throws IOException {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 8192; i++) {
            int c = s.getInputStream().read();
            if (c < 0) {
                return b.length() == 0 ? null : b.toString();
            }
            if (c == '\n') {
                return b.toString();
            }
            b.append((char) c);
        }
        throw new AssertionError("answer line too long: " + b);
    }

    static void await(BooleanSupplier condition, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (int i = 0; i < 1000 && System.nanoTime() < deadline; i++) {
            if (condition.getAsBoolean()) {
                return;
            }
            LockSupport.parkNanos(20_000_000L);
        }
        assertTrue(condition.getAsBoolean(), what);
    }

    @Test
    void aRequestIsAnsweredWithAMappedAddressAndTheSameRemoteKeepsItsMapping() throws Exception {
        start(Duration.ofMinutes(10), 5199);
        Socket s = connect(CLIENT);
        assertEquals("{\"id\":1,\"mapped\":\"127.0.0.2:5100\"}",
                ask(s, "{\"id\":1,\"remote\":\"192.0.2.20:5061\",\"transport\":\"tls\"}"));
        assertEquals("{\"id\":\"b\",\"mapped\":\"127.0.0.2:5101\"}", ask(s, "{\"remote\":\"192.0.2.30:5061\",\"id\":\"b\"}"));
        assertEquals("{\"id\":3,\"mapped\":\"127.0.0.2:5100\"}",
                ask(s, "  {\"id\": 3, \"remote\": \"192.0.2.20:5061\", \"transport\": \"TLS\"}  "));
        assertEquals(List.of("5100->192.0.2.20:5061 from 127.0.0.3", "5101->192.0.2.30:5061 from 127.0.0.3"), bound);
        assertEquals(2, mappings.mappings().size());
        assertEquals(2, totals.mappingsCreated());

        MappingSession session = server.sessions().get(0);
        assertEquals(3, session.totalRequests());
        assertEquals(3, session.responsesSent());
        assertEquals(0, session.failedRequests());
        assertEquals(0, session.pendingResponses());
        String stats = ShowMappingServiceSessions.statistics(server.sessions());
        String client = "127.0.0.10:" + s.getLocalPort();
        assertEquals("Total active sessions: 1\n"
                + "Session client     Total     Responses   Failed     Pending     Idle\n"
                + "(IP:Port)          requests  sent        requests   responses   time\n"
                + String.format("%-19s%-10s%-12s%-11s%-12s%s\n", client, 3, 3, 0, 0, "0:00:00"), stats);
        assertEquals("Total active sessions: 1\nSession client (IP:Port)    Idle time\n"
                + String.format("%-28s0:00:00\n", client), ShowMappingServiceSessions.sessions(server.sessions()));
    }

    @Test
    void everyBadRequestIsAnsweredWithAnErrorAndCounted() throws Exception {
        start(Duration.ofMinutes(10), 5199);
        Socket s = connect(CLIENT);
        String[][] cases = {
            {"not json", "{\"id\":null,\"error\":\"request is not valid JSON"},
            {"[1,2]", "{\"id\":null,\"error\":\"request is not a JSON object\"}"},
            {"{\"id\":7,\"remote\":\"192.0.2.20:5061\",\"via\":\"x\"}", "{\"id\":7,\"error\":\"unknown field 'via'"},
            {"{\"id\":8,\"remote\":\"192.0.2.20\"}", "{\"id\":8,\"error\":\"remote '192.0.2.20' must be <IPv4 address>:<port>"},
            {"{\"id\":9,\"remote\":\"[2001:db8::1]:5061\"}", "{\"id\":9,\"error\":\"remote '[2001:db8::1]:5061' must be <IPv4"},
            {"{\"id\":10,\"remote\":\"192.0.2.20:70000\"}", "{\"id\":10,\"error\":\"remote port 70000 must be 1-65535\"}"},
            {"{\"id\":11,\"remote\":\"192.0.2.20:0\"}", "{\"id\":11,\"error\":\"remote port 0 must be 1-65535\"}"},
            {"{\"id\":12,\"remote\":\"192.0.2.20:5061\",\"transport\":\"udp\"}",
                "{\"id\":12,\"error\":\"transport 'udp' is not supported"},
            {"{\"id\":13}", "{\"id\":13,\"error\":\"remote is missing\"}"},
            {"{\"remote\":\"192.0.2.20:5061\"}", "{\"id\":null,\"error\":\"id is missing\"}"},
            {"{\"id\":14,\"id\":15,\"remote\":\"192.0.2.20:5061\"}", "{\"id\":14,\"error\":\"request is not valid JSON"},
            {"{\"id\":16,\"remote\":{\"ip\":\"192.0.2.20\"}}", "{\"id\":16,\"error\":\"remote must be a string\"}"},
            {"{\"id\":17,\"remote\":\"224.0.0.1:5061\"}", "{\"id\":17,\"error\":\"remote '224.0.0.1:5061' is not a unicast"},
            {"{\"id\":18,\"remote\":\"192.0.2.20:5061\"} {}", "{\"id\":18,\"error\":\"text after the request object\"}"},
            {"{\"id\":[1],\"remote\":\"192.0.2.20:5061\"}", "{\"id\":null,\"error\":\"id must be an integer or a string"},
        };
        for (String[] c : cases) {
            String answer = ask(s, c[0]);
            assertTrue(answer != null && answer.startsWith(c[1]), c[0] + " answered " + answer);
        }
        String longLine = "{\"id\":19,\"remote\":\"" + "1".repeat(MappingProtocol.MAX_LINE) + "\"}";
        assertEquals("{\"id\":null,\"error\":\"request line longer than 4096 octets\"}", ask(s, longLine));
        assertEquals("{\"id\":20,\"mapped\":\"127.0.0.2:5100\"}", ask(s, "{\"id\":20,\"remote\":\"192.0.2.20:5061\"}"),
                "the connection stays usable after a refused long line");
        MappingSession session = server.sessions().get(0);
        assertEquals(cases.length + 2, session.totalRequests());
        assertEquals(cases.length + 1, session.failedRequests());
        assertEquals(1, session.responsesSent());
        assertEquals(0, session.pendingResponses());
        assertEquals(cases.length + 1, totals.failedRequests());
    }

    @Test
    void exhaustedAndUnbindablePortsAreRefusedAndCounted() throws Exception {
        start(Duration.ofMinutes(10), 5102);
        Socket s = connect(CLIENT);
        assertEquals("{\"id\":1,\"mapped\":\"127.0.0.2:5100\"}", ask(s, "{\"id\":1,\"remote\":\"192.0.2.1:5061\"}"));
        assertEquals("{\"id\":2,\"mapped\":\"127.0.0.2:5101\"}", ask(s, "{\"id\":2,\"remote\":\"192.0.2.2:5061\"}"));
        String third = ask(s, "{\"id\":3,\"remote\":\"192.0.2.3:5061\"}");
        assertTrue(third.startsWith("{\"id\":3,\"error\":\"no free mapped port in 5100-5102"), third);
        assertEquals(1, server.sessions().get(0).failedRequests());
    }

    @Test
    void idleClientsAreClosedAndUnusedMappingsReleased() throws Exception {
        start(Duration.ofMillis(400), 5199);
        Socket s = connect(CLIENT);
        assertEquals("{\"id\":1,\"mapped\":\"127.0.0.2:5100\"}", ask(s, "{\"id\":1,\"remote\":\"192.0.2.1:5061\"}"));
        usages.get(5100).opened();
        long start = System.nanoTime();
        assertNull(readLine(s), "the service closes the idle connection");
        assertTrue(System.nanoTime() - start >= 300_000_000L, "not before the idle timer");
        await(() -> server.sessions().isEmpty(), Duration.ofSeconds(5), "session gone");
        await(() -> mappings.mappings().get(0).idle().toMillis() > 500, Duration.ofSeconds(5), "idle timer passed");
        mappings.sweep();
        assertEquals(1, mappings.mappings().size(), "a mapping in use by a call stays");
        usages.get(5100).closed();
        await(() -> mappings.mappings().isEmpty(), Duration.ofSeconds(5), "mapping released after its idle timer");
        // the mapped listener is closed right after the mapping is dropped, on another thread
        await(() -> bound.contains("closed 5100"), Duration.ofSeconds(5), "mapped listener closed: " + bound);
    }

    @Test
    void clientsThatAreNotCallAgentsAreDisconnected() throws Exception {
        start(Duration.ofMinutes(10), 5199);
        Socket s = connect(address("127.0.0.11"));
        s.getOutputStream().write("{\"id\":1,\"remote\":\"192.0.2.1:5061\"}\n".getBytes(StandardCharsets.UTF_8));
        assertNull(readLine(s));
        assertTrue(server.sessions().isEmpty());
        assertTrue(bound.isEmpty());
    }
}
