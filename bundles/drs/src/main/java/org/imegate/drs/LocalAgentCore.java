package org.imegate.drs;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.imegate.api.drs.DrsAlarm;
import org.imegate.api.drs.DrsComponent;
import org.imegate.drs.archive.ArchiveException;
import org.imegate.drs.archive.ArchiveFormat;
import org.imegate.drs.archive.ArchiveKeys;
import org.imegate.drs.archive.ArchiveReader;
import org.imegate.drs.archive.ComponentPayloadReader;
import org.imegate.drs.archive.ComponentPayloadWriter;
import org.imegate.drs.archive.Manifest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Local Agent's work, without OSGi: the component registry and the backup, verify and restore of components
 * into and out of archives. The DS component {@link LocalAgentComponent} feeds it registrations.
 */
public class LocalAgentCore implements LocalAgent {
    /** Trace file of the Local Agent ({@code drfLA0*}, DRS-10). */
    public static final Logger TRACE = LoggerFactory.getLogger("org.imegate.drs.trace.LA");
    private static final Logger LOG = LoggerFactory.getLogger(LocalAgentCore.class);
    /** The built-in components first, in this order; the others by name after them. */
    static final List<String> BUILT_IN = List.of("configuration", "master-key", "appliance-store", "drs");
    private static final String TRUSTED_PREFIX = "org.imegate.";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, DrsComponent> components = new ConcurrentHashMap<>();
    private final Alarms alarms;
    private volatile Path work;

    public LocalAgentCore(Path work, Alarms alarms) {
        this.alarms = alarms;
        this.work = prepare(work, alarms);
    }

    /** Creates the work directory and removes what a killed job left there. */
    static Path prepare(Path work, Alarms alarms) {
        try {
            AtomicFiles.privateDirectory(work);
            try (DirectoryStream<Path> left = Files.newDirectoryStream(work)) {
                for (Path p : left) {
                    BackupSpool.deleteTree(p);
                    TRACE.info("removed {} left by an interrupted job", p);
                }
            }
            return work;
        } catch (IOException | RuntimeException e) {
            alarms.raise(DrsAlarm.DRFLocalAgentStartFailure, "the Local Agent cannot prepare its work directory "
                    + work + ": " + e.getMessage());
            throw new IllegalStateException("DRS Local Agent cannot prepare " + work + ": " + e.getMessage(), e);
        }
    }

    void workDirectory(Path directory) {
        this.work = prepare(directory, alarms);
    }

    @Override
    public Path workDirectory() {
        return work;
    }

    // ------------------------------------------------------------------ registry

    /**
     * Registers {@code c} from bundle {@code symbolicName}; refused (DRFUnknownClient) unless it comes from an
     * imegate bundle under a free, well-formed name. Returns whether it was accepted.
     */
    public boolean register(DrsComponent c, String symbolicName) {
        String name;
        try {
            name = c.name();
        } catch (RuntimeException e) {
            name = null;
        }
        String why = null;
        if (symbolicName == null || !symbolicName.startsWith(TRUSTED_PREFIX)) {
            why = "it comes from bundle " + symbolicName + ", not from the appliance";
        } else if (name == null || !name.matches(DrsComponent.NAME_PATTERN)) {
            why = "its name " + name + " does not match " + DrsComponent.NAME_PATTERN;
        } else if (components.putIfAbsent(name, c) != null) {
            why = "a component named " + name + " is already registered";
        }
        if (why != null) {
            alarms.raise(DrsAlarm.DRFUnknownClient, "component registration rejected: " + why,
                    Map.of("bundle", String.valueOf(symbolicName), "component", String.valueOf(name)));
            LOG.warn("DRS component registration rejected: {}", why);
            return false;
        }
        TRACE.info("component {} registered by {}: {}", name, symbolicName, c.description());
        return true;
    }

    public void unregister(DrsComponent c) {
        components.entrySet().removeIf(e -> {
            if (e.getValue() == c) {
                TRACE.info("component {} unregistered", e.getKey());
                return true;
            }
            return false;
        });
    }

    @Override
    public List<String> componentNames() {
        List<String> names = new ArrayList<>(components.keySet());
        names.sort(Comparator.comparingInt((String n) -> BUILT_IN.contains(n) ? BUILT_IN.indexOf(n) : BUILT_IN.size())
                .thenComparing(n -> n));
        return names;
    }

    private Set<String> claimsExcept(String name, Map<String, Set<String>> paths) {
        Set<String> out = new HashSet<>();
        paths.forEach((n, p) -> {
            if (!n.equals(name)) {
                out.addAll(p);
            }
        });
        return out;
    }

    // ------------------------------------------------------------------ backup

    @Override
    public BackupSpool backup(BackupRequest r, JobListener l) throws BackupFailure {
        List<String> names = componentNames();
        Map<String, DrsComponent> chosen = new LinkedHashMap<>();
        for (String n : names) {
            DrsComponent c = components.get(n);
            if (c != null) {
                chosen.put(n, c);
            }
        }
        if (chosen.isEmpty()) {
            throw new BackupFailure(BackupFailure.Kind.NO_COMPONENTS, null, "no component is registered", null);
        }
        Map<String, Set<String>> claims = new LinkedHashMap<>();
        for (Map.Entry<String, DrsComponent> e : chosen.entrySet()) {
            claims.put(e.getKey(), Set.copyOf(e.getValue().storePaths()));
        }
        Path dir;
        try {
            dir = AtomicFiles.privateDirectory(work.resolve("backup-" + r.tarfile()));
        } catch (IOException e) {
            throw new BackupFailure(BackupFailure.Kind.WORK, null, "cannot create " + work + ": " + e.getMessage(), e);
        }
        boolean done = false;
        try {
            byte[] salt = new byte[16];
            RANDOM.nextBytes(salt);
            ArchiveKeys keys = ArchiveKeys.derive(r.password(), salt, ArchiveFormat.KDF_ITERATIONS);
            List<Manifest.Component> entries = new ArrayList<>();
            List<Path> spools = new ArrayList<>();
            for (Map.Entry<String, DrsComponent> e : chosen.entrySet()) {
                String name = e.getKey();
                DrsComponent c = e.getValue();
                if (report(l::cancelRequested)) {
                    throw new BackupFailure(BackupFailure.Kind.CANCELLED, name, "cancelled before component " + name,
                            null);
                }
                report(() -> {
                    l.started(name, JobStatus.Phase.BACKUP);
                    return null;
                });
                long estimate = c.estimatedSize();
                Path spool = dir.resolve(name + ArchiveFormat.COMPONENT_SUFFIX);
                long t0 = System.nanoTime();
                Manifest.Component m;
                try (ComponentPayloadWriter w = new ComponentPayloadWriter(name, r.tarfile(), keys.encryption(), spool,
                        claimsExcept(name, claims), r.created(), added -> {
                            if (estimate > 0) {
                                l.progress(name, (int) (added * 100 / estimate));
                            }
                        })) {
                    c.backup(w);
                    m = w.finish(c.description(), claims.get(name));
                } catch (IOException | RuntimeException ex) {
                    String why = ex.getMessage() == null ? ex.toString() : ex.getMessage();
                    TRACE.warn("component {} failed to back up: {}", name, why, ex);
                    report(() -> {
                        l.finished(name, JobStatus.Phase.BACKUP, why);
                        return null;
                    });
                    throw new BackupFailure(BackupFailure.Kind.COMPONENT, name, "component " + name
                            + " failed to back up: " + why, ex);
                }
                entries.add(m);
                spools.add(spool);
                String line = String.format("component %s: %d entries, payload %d bytes, sha256 %s, %d ms", name,
                        m.entries(), m.size(), m.sha256(), (System.nanoTime() - t0) / 1_000_000);
                TRACE.info(line);
                report(() -> {
                    l.log(line);
                    l.finished(name, JobStatus.Phase.BACKUP, null);
                    return null;
                });
            }
            Manifest manifest = new Manifest(r.version(), r.created(), r.server(), r.tarfile(),
                    ArchiveFormat.KDF_ITERATIONS, salt, keys.check(), ArchiveFormat.SEGMENT, entries);
            done = true;
            return new BackupSpool(dir, manifest, keys, spools);
        } finally {
            if (!done) {
                try {
                    BackupSpool.deleteTree(dir);
                } catch (IOException e) {
                    TRACE.warn("cannot remove {}: {}", dir, e.toString());
                }
            }
        }
    }

    /** Calls the Master Agent; a failure means it is gone: DRFLA2MAFailure, and the job is abandoned. */
    private <T> T report(java.util.concurrent.Callable<T> call) throws BackupFailure {
        try {
            return call.call();
        } catch (Exception e) {
            alarms.raise(DrsAlarm.DRFLA2MAFailure, "the Local Agent cannot report to the Master Agent: " + e);
            throw new BackupFailure(BackupFailure.Kind.REPORT, null, "the Master Agent is gone: " + e, e);
        }
    }

    // ------------------------------------------------------------------ restore

    @Override
    public VerifiedArchive verify(Path file, char[] password, String installedVersion, JobListener l)
            throws ArchiveException, IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
                ArchiveReader reader = new ArchiveReader(in)) {
            reader.readHeader();
            byte[] manifestBytes = reader.manifestBytes();
            Manifest m = Manifest.parse(manifestBytes);
            if (!m.version().equals(installedVersion)) {
                throw new ArchiveException(ArchiveException.Kind.VERSION, "the backup was made by version "
                        + m.version() + " and this appliance runs version " + installedVersion
                        + "; only a backup of the same version can be restored");
            }
            ArchiveKeys keys = ArchiveKeys.derive(password, m.salt(), m.iterations());
            if (!keys.checks(m.keyCheck())) {
                throw new ArchiveException(ArchiveException.Kind.PASSWORD, "the DRS security password set on this"
                        + " appliance does not open this backup; set the security password the backup was made with"
                        + " (drs:security-password)");
            }
            if (!keys.macMatches(manifestBytes, reader.hmac())) {
                throw new ArchiveException(ArchiveException.Kind.ALTERED, "the manifest of the backup was altered"
                        + " (its HMAC does not match)");
            }
            List<String> missing = new ArrayList<>();
            for (Manifest.Component c : m.components()) {
                if (!components.containsKey(c.name())) {
                    missing.add(c.name());
                }
            }
            if (!missing.isEmpty()) {
                throw new ArchiveException(ArchiveException.Kind.INCOMPATIBLE, "the backup holds component(s) "
                        + String.join(", ", missing) + " that are not installed on this appliance");
            }
            Map<String, Set<String>> claims = claims(m);
            for (Manifest.Component c : m.components()) {
                DrsComponent component = components.get(c.name());
                l.started(c.name(), JobStatus.Phase.VERIFY);
                ComponentPayloadReader payload = new ComponentPayloadReader(reader.component(c.name()), m, c,
                        keys.encryption(), claimsExcept(c.name(), claims), read -> l.progress(c.name(),
                                c.size() == 0 ? 0 : (int) (read * 100 / c.size())));
                try {
                    component.verify(payload);
                } catch (ArchiveException e) {
                    l.finished(c.name(), JobStatus.Phase.VERIFY, e.getMessage());
                    throw e;
                } catch (IOException | RuntimeException e) {
                    // an archive fault surfaces as the component reads: tell it from the component's own refusal
                    Throwable cause = e;
                    while (cause != null && !(cause instanceof ArchiveException)) {
                        cause = cause.getCause();
                    }
                    l.finished(c.name(), JobStatus.Phase.VERIFY, e.getMessage());
                    if (cause instanceof ArchiveException ae) {
                        throw ae;
                    }
                    throw new ArchiveException(ArchiveException.Kind.INCOMPATIBLE, "component " + c.name()
                            + " refuses the data of the backup: " + e.getMessage(), e);
                }
                try {
                    payload.finish();
                } catch (ArchiveException e) {
                    l.finished(c.name(), JobStatus.Phase.VERIFY, e.getMessage());
                    throw e;
                }
                l.finished(c.name(), JobStatus.Phase.VERIFY, null);
                TRACE.info("component {} verified: {} entries, {} bytes, sha256 {}", c.name(), c.entries(), c.size(),
                        c.sha256());
            }
            reader.finish();
            return new VerifiedArchive(file, m, manifestBytes, keys);
        }
    }

    private static Map<String, Set<String>> claims(Manifest m) {
        Map<String, Set<String>> out = new LinkedHashMap<>();
        for (Manifest.Component c : m.components()) {
            out.put(c.name(), c.storePaths());
        }
        return out;
    }

    @Override
    public List<String> apply(VerifiedArchive v, JobListener l) throws IOException {
        List<String> failed = new ArrayList<>();
        try (InputStream in = new BufferedInputStream(Files.newInputStream(v.file()), 1 << 16);
                ArchiveReader reader = new ArchiveReader(in)) {
            reader.readHeader();
            if (!Arrays.equals(reader.manifestBytes(), v.manifestBytes())) {
                throw new ArchiveException(ArchiveException.Kind.ALTERED, "the backup file changed after it was"
                        + " verified");
            }
            Manifest m = v.manifest();
            Map<String, Set<String>> claims = claims(m);
            for (Manifest.Component c : m.components()) {
                DrsComponent component = components.get(c.name());
                l.started(c.name(), JobStatus.Phase.RESTORE);
                ComponentPayloadReader payload = new ComponentPayloadReader(reader.component(c.name()), m, c,
                        v.keys().encryption(), claimsExcept(c.name(), claims), read -> l.progress(c.name(),
                                c.size() == 0 ? 0 : (int) (read * 100 / c.size())));
                String error = null;
                if (component == null) {
                    error = "component " + c.name() + " is no longer registered";
                } else {
                    try {
                        component.restore(payload);
                        payload.finish();
                    } catch (IOException | RuntimeException e) {
                        error = e.getMessage() == null ? e.toString() : e.getMessage();
                        TRACE.warn("component {} failed to restore: {}", c.name(), error, e);
                    }
                }
                if (error != null) {
                    failed.add(c.name());
                    l.finished(c.name(), JobStatus.Phase.RESTORE, error);
                    // the rest of this component's data must still be read to reach the next component
                    try {
                        payload.finish();
                    } catch (IOException ignored) {
                        // reported above
                    }
                } else {
                    l.finished(c.name(), JobStatus.Phase.RESTORE, null);
                    TRACE.info("component {} restored", c.name());
                }
            }
        }
        return failed;
    }
}
