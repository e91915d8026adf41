package org.imegate.drs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.imegate.api.drs.DrsBackupWriter;
import org.imegate.api.drs.DrsComponent;
import org.imegate.api.drs.DrsRestoreReader;
import org.imegate.drs.archive.ArchiveException;
import org.imegate.drs.archive.ArchiveFormat;
import org.imegate.drs.archive.ArchiveKeys;
import org.imegate.drs.archive.Manifest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class LocalAgentCoreTest {
    private static final char[] PASSWORD = "correct horse battery".toCharArray();
    private static final String VERSION = "1.2.3-4";

    @TempDir
    Path tmp;
    TestSupport.Recorder events = new TestSupport.Recorder();
    LocalAgentCore la;
    TestSupport.DirectoryComponent a;
    TestSupport.DirectoryComponent b;

    @BeforeEach
    void setUp() throws IOException {
        la = new LocalAgentCore(tmp.resolve("work"), events.alarms(LoggerFactory.getLogger("test")));
        a = new TestSupport.DirectoryComponent("alpha", Files.createDirectories(tmp.resolve("a")));
        b = new TestSupport.DirectoryComponent("beta", Files.createDirectories(tmp.resolve("b")));
        TestSupport.write(a.dir.resolve("one.txt"), "first file of alpha\n");
        byte[] big = new byte[3 * 256 * 1024 + 17];
        new Random(7).nextBytes(big);
        Files.write(a.dir.resolve("big.bin"), big);
        TestSupport.write(b.dir.resolve("b.cfg"), "key = value\n");
        assertTrue(la.register(a, "org.imegate.test"));
        assertTrue(la.register(b, "org.imegate.test"));
    }

    private Path backup(String tar) throws Exception {
        Path file = tmp.resolve(tar + ArchiveFormat.EXTENSION);
        try (BackupSpool spool = la.backup(new BackupRequest(tar, Instant.parse("2026-11-21T12:00:00Z"), PASSWORD,
                VERSION, "ime-a"), new TestSupport.Listener()); OutputStream out = Files.newOutputStream(file)) {
            spool.writeArchive(out, n -> { });
        }
        return file;
    }

    @Test
    void roundTripRestoresEveryByte() throws Exception {
        byte[] bigBefore = Files.readAllBytes(a.dir.resolve("big.bin"));
        Path archive = backup("2026-11-21-12-00-00");
        // the archive is a tar.gz whose manifest is readable and whose component data is not
        List<String> names = tarNames(archive);
        assertEquals(List.of("MANIFEST", "MANIFEST.hmac", "components/alpha.enc", "components/beta.enc"), names);
        String manifest = new String(entry(archive, "MANIFEST"), StandardCharsets.UTF_8);
        assertTrue(manifest.contains("version=" + VERSION + "\n"), manifest);
        assertTrue(manifest.contains("feature=IME\n"), manifest);
        assertTrue(manifest.contains("component.alpha.sha256="), manifest);
        assertFalse(new String(entry(archive, "components/beta.enc"), StandardCharsets.ISO_8859_1).contains("value"));

        Files.delete(a.dir.resolve("one.txt"));
        Files.writeString(a.dir.resolve("stray.txt"), "not in the backup");
        Files.writeString(b.dir.resolve("b.cfg"), "changed");
        TestSupport.Listener l = new TestSupport.Listener();
        VerifiedArchive v = la.verify(archive, PASSWORD, VERSION, l);
        assertEquals(List.of(), la.apply(v, l));
        assertEquals("first file of alpha\n", Files.readString(a.dir.resolve("one.txt")));
        assertArrayEquals(bigBefore, Files.readAllBytes(a.dir.resolve("big.bin")));
        assertFalse(Files.exists(a.dir.resolve("stray.txt")));
        assertEquals("key = value\n", Files.readString(b.dir.resolve("b.cfg")));
    }

    @Test
    void alteredSegmentIsRefusedBeforeAnyComponentRestores() throws Exception {
        Path archive = backup("2026-11-21-12-00-01");
        Path altered = rewrite(archive, "components/alpha.enc", data -> data[data.length / 2] ^= 0x01);
        ArchiveException e = assertThrows(ArchiveException.class,
                () -> la.verify(altered, PASSWORD, VERSION, new TestSupport.Listener()));
        assertEquals(ArchiveException.Kind.ALTERED, e.kind(), e.getMessage());
    }

    @Test
    void componentsSwappedBetweenArchivesAreRefused() throws Exception {
        Path first = backup("2026-11-21-12-00-02");
        Path second = backup("2026-11-21-12-00-03");
        byte[] beta = entry(first, "components/beta.enc");
        Path mixed = rewrite(second, "components/beta.enc", null, beta);
        ArchiveException e = assertThrows(ArchiveException.class,
                () -> la.verify(mixed, PASSWORD, VERSION, new TestSupport.Listener()));
        assertEquals(ArchiveException.Kind.ALTERED, e.kind(), e.getMessage());
    }

    @Test
    void truncatedFileIsDamaged() throws Exception {
        Path archive = backup("2026-11-21-12-00-04");
        byte[] all = Files.readAllBytes(archive);
        Path cut = tmp.resolve("cut.tar.gz");
        Files.write(cut, java.util.Arrays.copyOf(all, all.length / 2));
        ArchiveException e = assertThrows(ArchiveException.class,
                () -> la.verify(cut, PASSWORD, VERSION, new TestSupport.Listener()));
        assertEquals(ArchiveException.Kind.DAMAGED, e.kind(), e.getMessage());
    }

    @Test
    void otherVersionAndWrongPasswordAreToldApart() throws Exception {
        Path archive = backup("2026-11-21-12-00-05");
        ArchiveException version = assertThrows(ArchiveException.class,
                () -> la.verify(archive, PASSWORD, "1.2.3-5", new TestSupport.Listener()));
        assertEquals(ArchiveException.Kind.VERSION, version.kind());
        assertTrue(version.getMessage().contains("1.2.3-4") && version.getMessage().contains("1.2.3-5"));
        ArchiveException password = assertThrows(ArchiveException.class,
                () -> la.verify(archive, "another password".toCharArray(), VERSION, new TestSupport.Listener()));
        assertEquals(ArchiveException.Kind.PASSWORD, password.kind());
    }

    @Test
    void manifestChangedWithoutTheKeyIsAltered() throws Exception {
        Path archive = backup("2026-11-21-12-00-06");
        Path altered = rewrite(archive, "MANIFEST", null, new String(entry(archive, "MANIFEST"), StandardCharsets.UTF_8)
                .replace("server=ime-a", "server=ime-x").getBytes(StandardCharsets.UTF_8));
        ArchiveException e = assertThrows(ArchiveException.class,
                () -> la.verify(altered, PASSWORD, VERSION, new TestSupport.Listener()));
        assertEquals(ArchiveException.Kind.ALTERED, e.kind());
    }

    @Test
    void manifestResealedWithThePasswordPassesTheMacButNotTheVersionCheck() throws Exception {
        // what an operator with the password could do by hand: the version check still refuses
        Path archive = backup("2026-11-21-12-00-07");
        byte[] text = entry(archive, "MANIFEST");
        Manifest m = Manifest.parse(text);
        byte[] changed = new String(text, StandardCharsets.UTF_8).replace("version=" + VERSION, "version=9.9.9")
                .getBytes(StandardCharsets.UTF_8);
        String mac = ArchiveKeys.derive(PASSWORD, m.salt(), m.iterations()).mac(changed) + "\n";
        Path resealed = rewrite(rewrite(archive, "MANIFEST", null, changed), "MANIFEST.hmac", null,
                mac.getBytes(StandardCharsets.US_ASCII));
        ArchiveException e = assertThrows(ArchiveException.class,
                () -> la.verify(resealed, PASSWORD, VERSION, new TestSupport.Listener()));
        assertEquals(ArchiveException.Kind.VERSION, e.kind());
        assertTrue(e.getMessage().contains("9.9.9"));
    }

    @Test
    void componentNotInstalledHereIsRefused() throws Exception {
        Path archive = backup("2026-11-21-12-00-08");
        la.unregister(b);
        ArchiveException e = assertThrows(ArchiveException.class,
                () -> la.verify(archive, PASSWORD, VERSION, new TestSupport.Listener()));
        assertEquals(ArchiveException.Kind.INCOMPATIBLE, e.kind());
        assertTrue(e.getMessage().contains("beta"));
    }

    @Test
    void registrationsFromOutsideOrUnderATakenNameAreRejected() {
        DrsComponent other = new TestSupport.DirectoryComponent("gamma", tmp);
        assertFalse(la.register(other, "com.example.evil"));
        assertFalse(la.register(new TestSupport.DirectoryComponent("alpha", tmp), "org.imegate.other"));
        assertFalse(la.register(new TestSupport.DirectoryComponent("Bad Name", tmp), "org.imegate.other"));
        assertEquals(List.of("DRFUnknownClient:RAISED", "DRFUnknownClient:RAISED", "DRFUnknownClient:RAISED"),
                events.names());
        assertEquals(List.of("alpha", "beta"), la.componentNames());
    }

    @Test
    void streamEntriesAndBadPathsOfAComponent() throws Exception {
        DrsComponent streaming = new DrsComponent() {
            @Override
            public String name() {
                return "routes";
            }

            @Override
            public String description() {
                return "streamed rows";
            }

            @Override
            public void backup(DrsBackupWriter out) throws IOException {
                try (OutputStream o = out.addStream("rows.csv")) {
                    for (int i = 0; i < 100_000; i++) {
                        o.write(("+1408555" + i + ",b.example\n").getBytes(StandardCharsets.US_ASCII));
                    }
                }
            }

            @Override
            public void restore(DrsRestoreReader in) throws IOException {
                var e = in.next();
                restoredRows = new String(e.content().readAllBytes(), StandardCharsets.US_ASCII).lines().count();
            }
        };
        la.unregister(a);
        la.unregister(b);
        la.register(streaming, "org.imegate.test");
        Path archive = backup("2026-11-21-12-00-09");
        TestSupport.Listener l = new TestSupport.Listener();
        la.apply(la.verify(archive, PASSWORD, VERSION, l), l);
        assertEquals(100_000, restoredRows);

        DrsComponent bad = new TestSupport.DirectoryComponent("evil", tmp) {
            @Override
            public void backup(DrsBackupWriter out) throws IOException {
                out.addBytes("../../etc/passwd", new byte[1]);
            }
        };
        la.register(bad, "org.imegate.test");
        BackupFailure f = assertThrows(BackupFailure.class, () -> la.backup(new BackupRequest("2026-11-21-12-00-10",
                Instant.now(), PASSWORD, VERSION, "ime-a"), new TestSupport.Listener()));
        assertEquals(BackupFailure.Kind.COMPONENT, f.kind());
        assertEquals("evil", f.component());
        try (var left = Files.list(la.workDirectory())) {
            assertEquals(0, left.count(), "the spool of a failed backup is removed");
        }
    }

    private long restoredRows;

    @Test
    void cancelBetweenComponentsAndNoComponents() throws Exception {
        TestSupport.Listener l = new TestSupport.Listener();
        a.beforeBackup = () -> l.cancel = true;
        BackupFailure f = assertThrows(BackupFailure.class, () -> la.backup(new BackupRequest("2026-11-21-12-00-11",
                Instant.now(), PASSWORD, VERSION, "ime-a"), l));
        assertEquals(BackupFailure.Kind.CANCELLED, f.kind());
        assertEquals("beta", f.component(), "alpha finished, beta never started");
        la.unregister(a);
        la.unregister(b);
        BackupFailure none = assertThrows(BackupFailure.class, () -> la.backup(new BackupRequest(
                "2026-11-21-12-00-12", Instant.now(), PASSWORD, VERSION, "ime-a"), new TestSupport.Listener()));
        assertEquals(BackupFailure.Kind.NO_COMPONENTS, none.kind());
    }

    // ------------------------------------------------------------------ archive surgery

    static List<String> tarNames(Path archive) throws IOException {
        List<String> out = new java.util.ArrayList<>();
        try (InputStream in = Files.newInputStream(archive);
                TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(in))) {
            for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                out.add(e.getName());
            }
        }
        return out;
    }

    static byte[] entry(Path archive, String name) throws IOException {
        try (InputStream in = Files.newInputStream(archive);
                TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(in))) {
            for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                if (e.getName().equals(name)) {
                    return tar.readAllBytes();
                }
            }
        }
        throw new IOException(name + " not in " + archive);
    }

    interface Edit {
        void apply(byte[] data);
    }

    Path rewrite(Path archive, String name, Edit edit) throws IOException {
        return rewrite(archive, name, edit, null);
    }

    /** A copy of {@code archive} with entry {@code name} edited in place or replaced, repacked as tar.gz. */
    Path rewrite(Path archive, String name, Edit edit, byte[] replacement) throws IOException {
        Path out = Files.createTempFile(tmp, "edited-", ".tar.gz");
        try (InputStream in = Files.newInputStream(archive);
                TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(in));
                TarArchiveOutputStream o = new TarArchiveOutputStream(new GzipCompressorOutputStream(
                        Files.newOutputStream(out)))) {
            o.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                byte[] data = tar.readAllBytes();
                if (e.getName().equals(name)) {
                    if (edit != null) {
                        edit.apply(data);
                    } else {
                        data = replacement;
                    }
                }
                TarArchiveEntry n = new TarArchiveEntry(e.getName());
                n.setSize(data.length);
                o.putArchiveEntry(n);
                o.write(data);
                o.closeArchiveEntry();
            }
        }
        return out;
    }

    /** Copies {@code archive} to {@code target} with one bit of entry {@code name} flipped. */
    void rewriteTo(Path archive, Path target, String name) throws IOException {
        tmp = target.getParent();
        Path edited = rewrite(archive, name, data -> data[data.length / 2] ^= 0x01);
        Files.move(edited, target);
    }

    static byte[] bytes(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        in.transferTo(b);
        return b.toByteArray();
    }
}
