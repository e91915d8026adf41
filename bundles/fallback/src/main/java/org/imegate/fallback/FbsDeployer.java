package org.imegate.fallback;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.imegate.api.alert.Alert;
import org.imegate.api.alert.AlertSeverity;
import org.imegate.api.alert.AlertState;
import org.imegate.api.audit.AuditLog;
import org.imegate.api.fallback.FallbackSensitivity;
import org.imegate.api.fallback.SensitivityLevel;
import org.imegate.api.validation.Validate;
import org.imegate.api.validation.ValidationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns sensitivity files into modules: the built-in file at start, then the files File Install finds in
 * {@code deploy/}. A file is validated completely before anything changes; a refused file leaves the modules in
 * force as they are, is logged at ERROR and raises {@value FallbackSensitivity#FILE_REFUSED_ALERT}, which is
 * cleared when a file of that name loads or is removed.
 */
final class FbsDeployer {
    private static final Logger LOG = LoggerFactory.getLogger(FbsDeployer.class);
    private static final Logger AUDIT = LoggerFactory.getLogger(AuditLog.LOGGER);

    /** The built-in file's name, in {@code etc/} and inside the bundle. */
    static final String BUILTIN_FILE = "ime-fallback-sensitivity.fbs";
    static final String ALERT_MODULE = "fallback";
    /** Extensions of files that other installers own: never sniffed. */
    private static final List<String> OTHER_KINDS = List.of(".jar", ".kar", ".war", ".zip", ".xml", ".cfg",
            ".config", ".json");

    private final ModuleRegistry registry;
    private final Consumer<Alert> alerts;
    /** Files whose refusal alert is raised; guarded by this. */
    private final Set<String> refused = new HashSet<>();
    private volatile String lastRefusal = "";

    FbsDeployer(ModuleRegistry registry, Consumer<Alert> alerts) {
        this.registry = registry;
        this.alerts = alerts;
    }

    /**
     * Publishes the built-in modules from {@code etcFile} when it exists and is valid, otherwise from the copy
     * shipped inside the bundle.
     */
    synchronized void start(Path etcFile, InputStream bundledCopy) throws IOException {
        FbsFile builtin = null;
        if (etcFile != null && Files.isRegularFile(etcFile)) {
            try {
                builtin = FbsParser.parseBuiltin(etcFile.getFileName().toString(), read(etcFile));
                LOG.info("fallback sensitivity levels 1-5 from {}", etcFile);
            } catch (ValidationException | IOException e) {
                refuse(etcFile.getFileName().toString(), reason(e) + "; the copy shipped in the bundle is used");
            }
        }
        if (builtin == null) {
            try (InputStream in = bundledCopy) {
                builtin = FbsParser.parseBuiltin(BUILTIN_FILE, in.readNBytes(FbsParser.MAX_BYTES + 1));
            }
            LOG.info("fallback sensitivity levels 1-5 from the {} shipped in the bundle", BUILTIN_FILE);
        }
        registry.start(builtin);
    }

    /**
     * {@code fallback sensitivity-file <name>.fbs} of the uc-ime proxy: {@code file} (in {@code etc/}) replaces the
     * built-in levels 1-5; files in {@code deploy/} still apply on top. A missing or invalid file is refused as a
     * whole and the levels in force are kept.
     *
     * @return whether the file is now the base of the levels
     */
    synchronized boolean base(Path file) {
        String name = file.getFileName().toString();
        FbsFile parsed;
        try {
            parsed = FbsParser.parseComplete(name, read(file), name);
        } catch (ValidationException | IOException e) {
            refuse(name, reason(e) + "; the sensitivity levels in force are kept");
            return false;
        }
        List<SensitivityLevel> changed = registry.start(parsed);
        LOG.info("fallback sensitivity file {} (module {}) is the base of levels 1-5; changed: {}", file,
                parsed.module(), levels(changed));
        AUDIT.info("fallback sensitivity-file {} (module {}) in force", name, parsed.module());
        clear(name, name + " loaded");
        return true;
    }

    /** A .fbs file, or a file of no other installer's kind that reads like one (to be refused for its name). */
    boolean canHandle(Path file) {
        String name = file.getFileName().toString();
        if (name.endsWith(FbsParser.EXTENSION)) {
            return true;
        }
        String lower = name.toLowerCase(Locale.ROOT);
        if (OTHER_KINDS.stream().anyMatch(lower::endsWith)) {
            return false;
        }
        try {
            if (!Files.isRegularFile(file) || Files.size(file) > FbsParser.MAX_BYTES) {
                return false;
            }
            return FbsParser.looksLikeFbs(Files.readAllBytes(file));
        } catch (IOException e) {
            return false;
        }
    }

    /** A file appeared or changed: its levels replace those in force, or it is refused as a whole. */
    synchronized void load(Path file) {
        String name = file.getFileName().toString();
        FbsFile parsed;
        try {
            parsed = FbsParser.parse(name, read(file));
        } catch (ValidationException | IOException e) {
            refuse(name, reason(e) + "; the sensitivity modules in force are kept");
            return;
        }
        List<SensitivityLevel> changed = registry.deploy(parsed);
        LOG.info("fallback sensitivity file {} (module {}) in force for levels {}; changed: {}", name,
                parsed.module(), parsed.levelList(), levels(changed));
        AUDIT.info("fallback sensitivity file {} (module {}) applied to levels {}", name, parsed.module(),
                parsed.levelList());
        clear(name, name + " loaded");
    }

    /** A file was removed: the levels it defined go back to the files below it or to the built-in ones. */
    synchronized void unload(Path file) {
        String name = file.getFileName().toString();
        Optional<List<SensitivityLevel>> changed = registry.undeploy(name);
        if (changed.isPresent()) {
            LOG.info("fallback sensitivity file {} removed; levels changed back: {}", name, levels(changed.get()));
            AUDIT.info("fallback sensitivity file {} removed", name);
        }
        clear(name, name + " removed");
    }

    String lastRefusal() {
        return lastRefusal;
    }

    private void refuse(String name, String reason) {
        LOG.error("fallback sensitivity file {} refused: {}", name, reason);
        lastRefusal = name + ": " + reason;
        refused.add(name);
        alerts.accept(new Alert(FallbackSensitivity.FILE_REFUSED_ALERT, AlertSeverity.WARNING, AlertState.RAISED,
                ALERT_MODULE, "fallback sensitivity file " + name + " refused: " + reason,
                Map.of("file", name, "reason", reason), Instant.now()));
    }

    private void clear(String name, String why) {
        if (refused.remove(name)) {
            alerts.accept(new Alert(FallbackSensitivity.FILE_REFUSED_ALERT, AlertSeverity.WARNING,
                    AlertState.CLEARED, ALERT_MODULE, "fallback sensitivity file " + why, Map.of("file", name),
                    Instant.now()));
        }
    }

    private static String reason(Exception e) {
        return e instanceof ValidationException ? e.getMessage() : "cannot be read (" + e + ")";
    }

    private static byte[] read(Path file) throws IOException {
        long size = Files.size(file);
        if (size > FbsParser.MAX_BYTES) {
            throw Validate.fail("file", file.getFileName(), "is " + size + " bytes long, at most "
                    + FbsParser.MAX_BYTES + " allowed");
        }
        return Files.readAllBytes(file);
    }

    private static String levels(List<SensitivityLevel> levels) {
        return levels.isEmpty() ? "none" : levels.stream().map(l -> Integer.toString(l.value()))
                .collect(Collectors.joining(", "));
    }
}
