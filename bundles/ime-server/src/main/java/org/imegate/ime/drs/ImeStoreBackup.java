package org.imegate.ime.drs;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Set;
import org.imegate.api.drs.DrsBackupWriter;
import org.imegate.api.drs.DrsComponent;
import org.imegate.api.drs.DrsEntry;
import org.imegate.api.drs.DrsRestoreReader;
import org.imegate.api.ime.store.ImeStore;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The IME server's database in the Disaster Recovery System: VCRs, the validation queue, pools and
 * buckets, learned routes and tickets, the embedded cache and the peer ID, as one consistent snapshot
 * (one transaction, the store's portable format, H2 or PostgreSQL alike). The raw H2 files under
 * {@code store/ime/} are left out of the file-by-file copy.
 */
@Component(service = DrsComponent.class)
public final class ImeStoreBackup implements DrsComponent {
    static final String ENTRY = "ime-store.snapshot";

    private final ImeStore store;

    @Activate
    public ImeStoreBackup(@Reference ImeStore store) {
        this.store = store;
    }

    @Override
    public String name() {
        return "ime-server";
    }

    @Override
    public String description() {
        return "IME server: VCRs, validations, pools and buckets, learned routes and tickets";
    }

    @Override
    public Set<String> storePaths() {
        return Set.of("ime");
    }

    @Override
    public void backup(DrsBackupWriter out) throws IOException {
        try (OutputStream o = out.addStream(ENTRY)) {
            store.exportTo(o);
        }
    }

    @Override
    public void verify(DrsRestoreReader in) throws IOException {
        int found = 0;
        for (DrsEntry e = in.next(); e != null; e = in.next()) {
            if (!ENTRY.equals(e.path())) {
                throw new IOException("unexpected entry " + e.path() + " in the IME server component");
            }
            store.checkExport(e.content());
            found++;
        }
        if (found != 1) {
            throw new IOException("the IME server component holds no snapshot");
        }
    }

    @Override
    public void restore(DrsRestoreReader in) throws IOException {
        for (DrsEntry e = in.next(); e != null; e = in.next()) {
            if (ENTRY.equals(e.path())) {
                store.importFrom(e.content());
            }
        }
    }
}
