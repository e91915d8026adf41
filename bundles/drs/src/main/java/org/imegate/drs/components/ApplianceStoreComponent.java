package org.imegate.drs.components;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.imegate.api.drs.DrsBackupWriter;
import org.imegate.api.drs.DrsComponent;
import org.imegate.api.drs.DrsEntry;
import org.imegate.api.drs.DrsRestoreReader;
import org.imegate.api.secret.ApplianceStore;
import org.imegate.drs.AtomicFiles;
import org.imegate.drs.archive.ClaimedStorePaths;
import org.imegate.drs.archive.EntryPaths;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The {@code appliance-store} component: every module directory of the appliance store (the PKI key store, and
 * whatever later modules keep there), file by file, except the paths other components back up themselves (the
 * master key, the DRS files, a database with its own component). Modules replace their files atomically, so each
 * file is read whole while the appliance keeps serving. A restore stages every file first, then moves them into
 * place and removes the files the backup did not have.
 */
@Component(service = DrsComponent.class)
public final class ApplianceStoreComponent implements DrsComponent {
    static final String STAGING = ".drs-restore";

    private final Path root;

    @Activate
    public ApplianceStoreComponent(@Reference ApplianceStore store) {
        this.root = store.root().toAbsolutePath().normalize();
    }

    private ApplianceStoreComponent(Path root, boolean direct) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** The component for the store at {@code root} (outside OSGi). */
    public static ApplianceStoreComponent of(Path root) {
        return new ApplianceStoreComponent(root, true);
    }

    @Override
    public String name() {
        return "appliance-store";
    }

    @Override
    public String description() {
        return "module data of the appliance store (key store, ...)";
    }

    @Override
    public long estimatedSize() {
        try {
            long total = 0;
            for (Path p : files(Set.of())) {
                total += Files.size(p);
            }
            return total;
        } catch (IOException e) {
            return -1;
        }
    }

    private static boolean transient_(String name) {
        return name.endsWith(".tmp") || name.endsWith(AtomicFiles.TEMP_SUFFIX);
    }

    private String relative(Path p) {
        return root.relativize(p).toString().replace('\\', '/');
    }

    /** The store's regular files that are not claimed, not temporary and not in a restore's staging area. */
    private List<Path> files(Set<String> claims) throws IOException {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return out;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                if (!dir.equals(root)) {
                    String rel = relative(dir);
                    if (rel.startsWith(STAGING) || ClaimedStorePaths.claimed(claims, rel)) {
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                String rel = relative(file);
                if (attrs.isRegularFile() && !transient_(file.getFileName().toString())
                        && !ClaimedStorePaths.claimed(claims, rel)) {
                    out.add(file);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                // a file removed while the store is walked: a module replaced it, the new one is walked or not
                return FileVisitResult.CONTINUE;
            }
        });
        out.sort(Comparator.comparing(this::relative));
        return out;
    }

    private static Set<String> claims(Object writerOrReader) {
        return writerOrReader instanceof ClaimedStorePaths c ? c.claimedStorePaths() : Set.of();
    }

    @Override
    public void backup(DrsBackupWriter out) throws IOException {
        for (Path p : files(claims(out))) {
            String rel = relative(p);
            try {
                out.addFile(rel, p);
            } catch (java.nio.file.NoSuchFileException gone) {
                // removed by its module since the walk: not part of this snapshot
            }
        }
    }

    private Path target(DrsEntry e, Set<String> claims) throws IOException {
        String rel = e.path();
        if (!EntryPaths.valid(rel) || rel.startsWith(STAGING) || ClaimedStorePaths.claimed(claims, rel)) {
            throw new IOException("entry " + rel + " does not belong to the appliance store component");
        }
        Path t = root.resolve(rel).normalize();
        if (!t.startsWith(root)) {
            throw new IOException("entry " + rel + " leaves the store");
        }
        return t;
    }

    @Override
    public void verify(DrsRestoreReader in) throws IOException {
        Set<String> claims = claims(in);
        for (DrsEntry e = in.next(); e != null; e = in.next()) {
            target(e, claims);
            e.content().transferTo(java.io.OutputStream.nullOutputStream());
        }
    }

    @Override
    public void restore(DrsRestoreReader in) throws IOException {
        Set<String> claims = claims(in);
        Path staging = root.resolve(STAGING);
        deleteTree(staging);
        AtomicFiles.privateDirectory(staging);
        List<String> restored = new ArrayList<>();
        try {
            for (DrsEntry e = in.next(); e != null; e = in.next()) {
                target(e, claims);
                Path staged = staging.resolve(e.path());
                AtomicFiles.privateDirectory(staged.getParent());
                AtomicFiles.write(staged, e.content());
                restored.add(e.path());
            }
            for (String rel : restored) {
                Path t = root.resolve(rel);
                AtomicFiles.privateDirectory(t.getParent());
                Files.move(staging.resolve(rel), t, StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            }
            Set<String> keep = new HashSet<>(restored);
            for (Path p : files(claims)) {
                if (!keep.contains(relative(p))) {
                    Files.deleteIfExists(p);
                }
            }
        } finally {
            deleteTree(staging);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
