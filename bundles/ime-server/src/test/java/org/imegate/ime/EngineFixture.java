package org.imegate.ime;

import com.zaxxer.hikari.HikariDataSource;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.imegate.api.alert.Alert;
import org.imegate.api.ime.cache.DistributedCache;
import org.imegate.api.validation.Validate;
import org.imegate.ime.cache.EmbeddedCache;
import org.imegate.ime.store.JdbcImeStore;
import org.imegate.platform.MasterKeySecretBox;
import org.imegate.ticket.TicketServiceImpl;

/**
 * One IME server built directly, as an enterprise's appliance has it: an H2 store in a directory, the
 * embedded cache (or a given one: two enterprises share one ring), a real ticket service and secret
 * box, VAP and validator on loopback addresses.
 */
public final class EngineFixture implements AutoCloseable {
    public static final String USER = "cucm-app";
    public static final String PASSWORD = "vap-Password-1";

    public final Path dir;
    public final HikariDataSource ds;
    public final JdbcImeStore store;
    public final DistributedCache cache;
    public final MasterKeySecretBox box;
    public final TicketServiceImpl tickets;
    public final List<Alert> alerts = new CopyOnWriteArrayList<>();
    public final Map<String, Map<String, String>> saved = new ConcurrentHashMap<>();
    public final ImeEngine engine;
    private static SSLContext tls;

    public EngineFixture(Path dir, String inside, String outside, DistributedCache sharedCache,
            Map<String, String> settings, List<VapServerConfig> vapServers) {
        this.dir = dir;
        this.ds = new HikariDataSource();
        ds.setJdbcUrl("jdbc:h2:" + dir.resolve("ime").toAbsolutePath() + ";WRITE_DELAY=0");
        ds.setMaximumPoolSize(8);
        this.store = new JdbcImeStore(ds);
        this.cache = sharedCache != null ? sharedCache : new EmbeddedCache(store, Clock.systemUTC());
        this.box = new MasterKeySecretBox(dir.resolve("master.key"));
        this.tickets = new TicketServiceImpl(box, (epoch, sealed) -> saved.put("ticket", Map.of("epoch",
                Integer.toString(epoch))), alerts::add);
        ImeConfigStore config = new ImeConfigStore() {
            @Override
            public void saveGlobal(Map<String, String> p) {
                saved.put(ImeSettings.PID, p);
            }

            @Override
            public void saveVapServer(String name, Map<String, String> p) {
                saved.put(VapServerConfig.FACTORY_PID + "-" + name, p);
            }

            @Override
            public void deleteVapServer(String name) {
                saved.remove(VapServerConfig.FACTORY_PID + "-" + name);
            }
        };
        ImeEngine.Environment env = new ImeEngine.Environment(store, cache, tickets, box, config, name -> {
            try {
                return switch (name) {
                    case "inside" -> InetAddress.getByName(inside);
                    case "outside" -> InetAddress.getByName(outside);
                    default -> throw Validate.unknown("interface", name);
                };
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        }, tp -> {
            if (!"IME".equals(tp)) {
                throw Validate.unknown("trustpoint", tp);
            }
            return tls();
        }, alerts::add, Clock.systemUTC());
        this.engine = new ImeEngine(env, ImeSettings.of(settings), new ArrayList<>(vapServers));
        engine.start();
        if (!settings.containsKey(ImeSettings.VAP_USERNAME)) {
            engine.setVapCredentials(USER, PASSWORD.toCharArray());
        }
    }

    /** A self-signed RSA identity for encrypted VAP. */
    public static synchronized SSLContext tls() {
        if (tls == null) {
            try {
                KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
                g.initialize(2048);
                KeyPair kp = g.generateKeyPair();
                Instant now = Instant.now();
                X509Certificate cert = new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(
                        new X500Name("CN=ime.test.example"), BigInteger.ONE, Date.from(now.minus(1, ChronoUnit.DAYS)),
                        Date.from(now.plus(30, ChronoUnit.DAYS)), new X500Name("CN=ime.test.example"), kp.getPublic())
                        .build(new JcaContentSignerBuilder("SHA256withRSA").build(kp.getPrivate())));
                KeyStore ks = KeyStore.getInstance("PKCS12");
                ks.load(null, null);
                ks.setKeyEntry("ime", kp.getPrivate(), "x".toCharArray(), new X509Certificate[] {cert});
                KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(ks, "x".toCharArray());
                SSLContext c = SSLContext.getInstance("TLS");
                c.init(kmf.getKeyManagers(), null, null);
                tls = c;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        return tls;
    }

    @Override
    public void close() {
        engine.close();
        ds.close();
    }
}
