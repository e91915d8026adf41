package org.imegate.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.regex.Pattern;
import org.imegate.api.secret.ApplianceStore;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The appliance store: {@code imegate.store} if set, else {@code ${karaf.base}/store}. Directories are
 * created owner-only (0700) where the file system supports POSIX permissions.
 */
@Component(service = ApplianceStore.class)
public final class FileApplianceStore implements ApplianceStore {
    private static final Logger LOG = LoggerFactory.getLogger(FileApplianceStore.class);
    private static final Pattern MODULE = Pattern.compile("[a-z][a-z0-9-]{0,31}");

    private final Path root;

    @Activate
    public FileApplianceStore() {
        this(defaultRoot());
        LOG.info("appliance store at {}", root);
    }

    public FileApplianceStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
        createPrivateDirectory(this.root);
    }

    static Path defaultRoot() {
        String configured = System.getProperty("imegate.store");
        if (configured != null && !configured.isBlank()) {
            return Paths.get(configured);
        }
        return Paths.get(System.getProperty("karaf.base", "."), "store");
    }

    @Override
    public Path root() {
        return root;
    }

    @Override
    public Path directory(String module) {
        if (module == null || !MODULE.matcher(module).matches()) {
            throw new IllegalArgumentException("module name " + module + " must match " + MODULE.pattern());
        }
        Path dir = root.resolve(module);
        createPrivateDirectory(dir);
        return dir;
    }

    static void createPrivateDirectory(Path dir) {
        try {
            Files.createDirectories(dir);
            if (Files.getFileAttributeView(dir, java.nio.file.attribute.PosixFileAttributeView.class) != null) {
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create store directory " + dir, e);
        }
    }
}
