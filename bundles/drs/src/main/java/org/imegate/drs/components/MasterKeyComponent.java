package org.imegate.drs.components;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Set;
import org.imegate.api.drs.DrsBackupWriter;
import org.imegate.api.drs.DrsComponent;
import org.imegate.api.drs.DrsEntry;
import org.imegate.api.drs.DrsRestoreReader;
import org.imegate.api.secret.ApplianceStore;
import org.imegate.drs.AtomicFiles;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The {@code master-key} component: the appliance's master key ({@code platform/master.key} of the appliance
 * store), which seals every secret at rest. It travels inside the encrypted archive so that a rebuilt box, once
 * restored and restarted, opens the restored secrets (ticket password, SFTP passwords, key store).
 */
@Component(service = DrsComponent.class)
public final class MasterKeyComponent implements DrsComponent {
    /** Where the platform keeps the master key, relative to the store root. */
    public static final String STORE_PATH = "platform/master.key";
    private static final String ENTRY = "master.key";

    private final Path file;

    @Activate
    public MasterKeyComponent(@Reference ApplianceStore store) {
        this.file = store.root().resolve(STORE_PATH);
    }

    private MasterKeyComponent(Path file, boolean direct) {
        this.file = file;
    }

    /** The component for the master key in {@code file} (outside OSGi). */
    public static MasterKeyComponent of(Path file) {
        return new MasterKeyComponent(file, true);
    }

    @Override
    public String name() {
        return "master-key";
    }

    @Override
    public String description() {
        return "master key sealing the secrets at rest";
    }

    @Override
    public Set<String> storePaths() {
        return Set.of(STORE_PATH);
    }

    @Override
    public void backup(DrsBackupWriter out) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("the master key " + file + " is missing");
        }
        out.addFile(ENTRY, file);
    }

    private static byte[] read(DrsRestoreReader in) throws IOException {
        byte[] key = null;
        for (DrsEntry e = in.next(); e != null; e = in.next()) {
            if (!e.path().equals(ENTRY) || key != null || e.size() > 1024) {
                throw new IOException("unexpected entry " + e.path() + " in the master key");
            }
            key = e.content().readNBytes(1024);
        }
        if (key == null) {
            throw new IOException("the backup holds no master key");
        }
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(new String(key, StandardCharsets.US_ASCII).trim());
        } catch (IllegalArgumentException e) {
            throw new IOException("the backed-up master key is not base64");
        }
        if (raw.length != 32) {
            throw new IOException("the backed-up master key has " + raw.length + " bytes instead of 32");
        }
        java.util.Arrays.fill(raw, (byte) 0);
        return key;
    }

    @Override
    public void verify(DrsRestoreReader in) throws IOException {
        java.util.Arrays.fill(read(in), (byte) 0);
    }

    @Override
    public void restore(DrsRestoreReader in) throws IOException {
        byte[] key = read(in);
        try {
            AtomicFiles.write(file, key);
        } finally {
            java.util.Arrays.fill(key, (byte) 0);
        }
    }
}
