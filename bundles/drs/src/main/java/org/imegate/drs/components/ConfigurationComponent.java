package org.imegate.drs.components;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.imegate.api.drs.DrsBackupWriter;
import org.imegate.api.drs.DrsComponent;
import org.imegate.api.drs.DrsEntry;
import org.imegate.api.drs.DrsRestoreReader;
import org.imegate.drs.AtomicFiles;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * The {@code configuration} component: the appliance's own configuration files as Karaf keeps them, i.e. every
 * {@code etc/org.imegate.*.cfg} (the ConfigAdmin configurations of every module, secrets sealed) and the
 * fallback sensitivity files {@code etc/*.fbs} and {@code deploy/*.fbs}. A restore writes them back (File
 * Install applies them) and removes the ones the backup did not have, so that the configuration is exactly the
 * backed-up one.
 */
@Component(service = DrsComponent.class)
public final class ConfigurationComponent implements DrsComponent {
    static final Pattern CFG = Pattern.compile("org\\.imegate\\.[A-Za-z0-9_.-]+\\.cfg");
    static final Pattern FBS = Pattern.compile("[A-Za-z0-9_.-]+\\.fbs");
    private static final long MAX_FILE = 16L << 20;

    private final Path etc;
    private final Path deploy;

    @Activate
    public ConfigurationComponent() {
        this(Paths.get(System.getProperty("karaf.etc", "etc")),
                Paths.get(System.getProperty("karaf.base", "."), "deploy"));
    }

    public ConfigurationComponent(Path etc, Path deploy) {
        this.etc = etc.toAbsolutePath();
        this.deploy = deploy.toAbsolutePath();
    }

    @Override
    public String name() {
        return "configuration";
    }

    @Override
    public String description() {
        return "appliance configuration (etc/org.imegate.*.cfg, .fbs sensitivity files)";
    }

    @Override
    public long estimatedSize() {
        long total = 0;
        try {
            for (Path p : files(etc, true)) {
                total += Files.size(p);
            }
            for (Path p : files(deploy, false)) {
                total += Files.size(p);
            }
        } catch (IOException e) {
            return -1;
        }
        return total;
    }

    /** The files of {@code dir} this component owns: {@code org.imegate.*.cfg} (etc only) and {@code *.fbs}. */
    static List<Path> files(Path dir, boolean withCfg) throws IOException {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            for (Path p : s) {
                String n = p.getFileName().toString();
                if (Files.isRegularFile(p) && (withCfg && CFG.matcher(n).matches() || FBS.matcher(n).matches())) {
                    out.add(p);
                }
            }
        }
        out.sort(null);
        return out;
    }

    @Override
    public void backup(DrsBackupWriter out) throws IOException {
        for (Path p : files(etc, true)) {
            out.addFile("etc/" + p.getFileName(), p);
        }
        for (Path p : files(deploy, false)) {
            out.addFile("deploy/" + p.getFileName(), p);
        }
    }

    private Path target(DrsEntry e) throws IOException {
        String path = e.path();
        int slash = path.indexOf('/');
        String dir = slash < 0 ? "" : path.substring(0, slash);
        String file = path.substring(slash + 1);
        if (file.contains("/") || e.size() > MAX_FILE) {
            throw new IOException("entry " + path + " is not a configuration file of this appliance");
        }
        if (dir.equals("etc") && (CFG.matcher(file).matches() || FBS.matcher(file).matches())) {
            return etc.resolve(file);
        }
        if (dir.equals("deploy") && FBS.matcher(file).matches()) {
            return deploy.resolve(file);
        }
        throw new IOException("entry " + path + " is not a configuration file of this appliance");
    }

    @Override
    public void verify(DrsRestoreReader in) throws IOException {
        for (DrsEntry e = in.next(); e != null; e = in.next()) {
            target(e);
            e.content().transferTo(java.io.OutputStream.nullOutputStream());
        }
    }

    @Override
    public void restore(DrsRestoreReader in) throws IOException {
        Set<Path> restored = new HashSet<>();
        for (DrsEntry e = in.next(); e != null; e = in.next()) {
            Path target = target(e);
            Files.createDirectories(target.getParent());
            AtomicFiles.write(target, e.content());
            restored.add(target);
        }
        for (Path p : files(etc, true)) {
            if (!restored.contains(p)) {
                Files.deleteIfExists(p);
            }
        }
        for (Path p : files(deploy, false)) {
            if (!restored.contains(p)) {
                Files.deleteIfExists(p);
            }
        }
    }
}
