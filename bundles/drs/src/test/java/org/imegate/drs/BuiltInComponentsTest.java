package org.imegate.drs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.imegate.drs.archive.ArchiveException;
import org.imegate.drs.components.ApplianceStoreComponent;
import org.imegate.drs.components.ConfigurationComponent;
import org.imegate.drs.components.MasterKeyComponent;
import org.imegate.platform.MasterKeySecretBox;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The configuration, master-key and appliance-store components through a real backup and restore. */
class BuiltInComponentsTest {
    static final char[] PASSWORD = "built-in components".toCharArray();

    @TempDir
    Path tmp;
    Path etc;
    Path deploy;
    Path store;
    LocalAgentCore la;

    @BeforeEach
    void setUp() throws IOException {
        etc = Files.createDirectories(tmp.resolve("etc"));
        deploy = Files.createDirectories(tmp.resolve("deploy"));
        store = Files.createDirectories(tmp.resolve("store"));
        la = new LocalAgentCore(tmp.resolve("work"), new TestSupport.Recorder().alarms(LoggerFactory.getLogger("t")));
        la.register(new ConfigurationComponent(etc, deploy), "org.imegate.drs");
        la.register(MasterKeyComponent.of(store.resolve(MasterKeyComponent.STORE_PATH)), "org.imegate.drs");
        la.register(ApplianceStoreComponent.of(store), "org.imegate.drs");
        new MasterKeySecretBox(store.resolve(MasterKeyComponent.STORE_PATH));
        TestSupport.write(etc.resolve("org.imegate.ticket.cfg"), "epoch = 3\npassword = ENC(x)\n");
        TestSupport.write(etc.resolve("org.imegate.tls.proxy-out.cfg"), "name = out\n");
        TestSupport.write(etc.resolve("ime-fallback-sensitivity.fbs"), "version=1\n");
        TestSupport.write(etc.resolve("org.apache.karaf.shell.cfg"), "sshPort = 8101\n");
        TestSupport.write(deploy.resolve("site.fbs"), "version=1\nmodule=site\n");
        TestSupport.write(store.resolve("tls/pki.store"), "ENC(the key store)");
        TestSupport.write(store.resolve("drs/drfDevice.xml"), "claimed by the drs component");
    }

    Path backup() throws Exception {
        Path file = tmp.resolve("b.tar.gz");
        try (BackupSpool s = la.backup(new BackupRequest("2030-01-01-00-00-00", Instant.now(), PASSWORD, "v", "h"),
                new TestSupport.Listener()); OutputStream out = Files.newOutputStream(file)) {
            s.writeArchive(out, n -> { });
        }
        return file;
    }

    @Test
    void aRebuiltBoxGetsExactlyTheBackedUpFiles() throws Exception {
        la.register(new TestSupport.DirectoryComponent("drs", Files.createDirectories(tmp.resolve("x"))) {
            @Override
            public Set<String> storePaths() {
                return Set.of("drs");
            }
        }, "org.imegate.drs");
        byte[] key = Files.readAllBytes(store.resolve(MasterKeyComponent.STORE_PATH));
        Path archive = backup();

        // the rebuilt box: another master key, other files, a file the backup never had
        Files.delete(store.resolve(MasterKeyComponent.STORE_PATH));
        new MasterKeySecretBox(store.resolve(MasterKeyComponent.STORE_PATH));
        TestSupport.write(etc.resolve("org.imegate.ticket.cfg"), "epoch = 1\n");
        Files.delete(etc.resolve("org.imegate.tls.proxy-out.cfg"));
        TestSupport.write(etc.resolve("org.imegate.tls.proxy-new.cfg"), "name = new\n");
        Files.delete(deploy.resolve("site.fbs"));
        TestSupport.write(store.resolve("tls/pki.store"), "ENC(a fresh key store)");
        TestSupport.write(store.resolve("later/extra.dat"), "made after the backup");

        TestSupport.Listener l = new TestSupport.Listener();
        assertEquals(List.of(), la.apply(la.verify(archive, PASSWORD, "v", l), l));
        assertEquals("epoch = 3\npassword = ENC(x)\n", Files.readString(etc.resolve("org.imegate.ticket.cfg")));
        assertEquals("name = out\n", Files.readString(etc.resolve("org.imegate.tls.proxy-out.cfg")));
        assertFalse(Files.exists(etc.resolve("org.imegate.tls.proxy-new.cfg")));
        assertEquals("sshPort = 8101\n", Files.readString(etc.resolve("org.apache.karaf.shell.cfg")),
                "not an imegate file: untouched");
        assertEquals("version=1\nmodule=site\n", Files.readString(deploy.resolve("site.fbs")));
        assertEquals("ENC(the key store)", Files.readString(store.resolve("tls/pki.store")));
        assertFalse(Files.exists(store.resolve("later/extra.dat")));
        assertEquals("claimed by the drs component", Files.readString(store.resolve("drs/drfDevice.xml")));
        assertEquals(new String(key), Files.readString(store.resolve(MasterKeyComponent.STORE_PATH)));
        try (var left = Files.list(store)) {
            assertTrue(left.noneMatch(p -> p.getFileName().toString().startsWith(".drs")), "no staging left");
        }
    }

    @Test
    void aDamagedMasterKeyInTheBackupIsRefusedAtVerify() throws Exception {
        Files.writeString(store.resolve(MasterKeyComponent.STORE_PATH), "not a key");
        Path archive = backup();
        ArchiveException e = assertThrows(ArchiveException.class,
                () -> la.verify(archive, PASSWORD, "v", new TestSupport.Listener()));
        assertEquals(ArchiveException.Kind.INCOMPATIBLE, e.kind());
        assertTrue(e.getMessage().contains("master-key"), e.getMessage());
    }
}
