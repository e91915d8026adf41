package org.imegate.fallback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.imegate.api.alert.Alert;
import org.imegate.api.alert.AlertState;
import org.imegate.api.fallback.FallbackSensitivity;
import org.imegate.api.fallback.SensitivityLevel;
import org.imegate.api.fallback.Thresholds;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The deployer on a fake service registry that records every registration and unregistration in order. */
class FbsDeployerTest {

    @TempDir
    Path dir;

    /** "+<level> <source>" and "-<level> <source>", in order. */
    final List<String> events = new ArrayList<>();
    final List<ThresholdModule> registered = new ArrayList<>();
    final List<Alert> alerts = new ArrayList<>();
    ModuleRegistry registry;
    FbsDeployer deployer;

    @BeforeEach
    void start() throws IOException {
        registry = new ModuleRegistry(m -> {
            events.add("+" + m.level().value() + " " + m.source());
            registered.add(m);
            return () -> {
                events.add("-" + m.level().value() + " " + m.source());
                registered.remove(m);
            };
        });
        deployer = new FbsDeployer(registry, alerts::add);
        deployer.start(dir.resolve("etc-missing.fbs"), shipped());
    }

    static InputStream shipped() {
        return FbsDeployer.class.getResourceAsStream(FbsDeployer.BUILTIN_FILE);
    }

    Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
    }

    Thresholds inForce(SensitivityLevel l) {
        return registry.inForce().get(l).thresholds();
    }

    @Test
    void builtinPublishesSixLevels() {
        assertEquals(List.of("+0 builtin", "+1 builtin", "+2 builtin", "+3 builtin", "+4 builtin", "+5 builtin"),
                events);
        assertEquals(Thresholds.NONE, inForce(SensitivityLevel.DISABLE));
        assertEquals("Disable", registry.inForce().get(SensitivityLevel.DISABLE).name());
        assertEquals(12, inForce(SensitivityLevel.NOMINAL).maxIteIn8s());
        assertEquals(List.of(), alerts);
        assertEquals(6, registered.size());
    }

    @Test
    void deployedFileReplacesOnlyItsLevelsNewBeforeOld() throws IOException {
        events.clear();
        deployer.load(write("strict.fbs", FbsParserTest.NOMINAL_STRICT));
        assertEquals(List.of("+3 strict.fbs", "-3 builtin"), events, "registered before the old one goes");
        assertEquals(new Thresholds(2000, 5, 80, 30_000, 50), inForce(SensitivityLevel.NOMINAL));
        assertEquals("strict.fbs", registry.inForce().get(SensitivityLevel.NOMINAL).source());
        assertEquals(6, registered.size());

        // the same content again: nothing to change
        events.clear();
        deployer.load(dir.resolve("strict.fbs"));
        assertEquals(List.of(), events);

        // removal brings the built-in level back, again without a gap
        deployer.unload(dir.resolve("strict.fbs"));
        assertEquals(List.of("+3 builtin", "-3 strict.fbs"), events);
        assertEquals(12, inForce(SensitivityLevel.NOMINAL).maxIteIn8s());
        assertEquals(List.of(), alerts);
    }

    @Test
    void lastAppliedFileWinsAndRemovalFallsBackToTheOneBelow() throws IOException {
        deployer.load(write("a.fbs", FbsParserTest.NOMINAL_STRICT));
        deployer.load(write("b.fbs", FbsParserTest.NOMINAL_STRICT.replace("maxBlsMs=80", "maxBlsMs=90")
                + FbsParserTest.NOMINAL_STRICT.lines().filter(l -> l.startsWith("level.3"))
                        .map(l -> l.replace("level.3", "level.5")).reduce("", (x, y) -> x + y + "\n")));
        assertEquals(90, inForce(SensitivityLevel.NOMINAL).maxBlsMs());
        assertEquals("b.fbs", registry.inForce().get(SensitivityLevel.AGGRESSIVE).source());
        deployer.unload(dir.resolve("b.fbs"));
        assertEquals(80, inForce(SensitivityLevel.NOMINAL).maxBlsMs(), "a.fbs again");
        assertEquals(FallbackSensitivity.BUILTIN, registry.inForce().get(SensitivityLevel.AGGRESSIVE).source());
        // an update of a.fbs puts it on top again
        deployer.load(write("b.fbs", FbsParserTest.NOMINAL_STRICT.replace("maxBlsMs=80", "maxBlsMs=90")));
        deployer.load(write("a.fbs", FbsParserTest.NOMINAL_STRICT.replace("maxBlsMs=80", "maxBlsMs=70")));
        assertEquals(70, inForce(SensitivityLevel.NOMINAL).maxBlsMs());
        assertEquals(List.of("b.fbs", "a.fbs"), registry.deployedFiles());
    }

    @Test
    void theSensitivityFileReplacesTheBuiltinLevelsUnderTheDeployedOnes() throws IOException {
        String site = new String(shipped().readAllBytes(), StandardCharsets.UTF_8)
                .replace("module=org.imegate.fallback.default", "module=site.levels")
                .replace("level.4.maxBlsMs=100", "level.4.maxBlsMs=140");
        deployer.load(write("strict.fbs", FbsParserTest.NOMINAL_STRICT));
        events.clear();
        assertTrue(deployer.base(write("site-levels.fbs", site)));
        assertEquals(140, inForce(SensitivityLevel.MODERATE).maxBlsMs());
        assertEquals("site-levels.fbs", registry.inForce().get(SensitivityLevel.MODERATE).source());
        assertEquals("strict.fbs", registry.inForce().get(SensitivityLevel.NOMINAL).source(),
                "a deployed file stays on top");
        assertTrue(events.contains("+4 site-levels.fbs") && events.contains("-4 builtin"), events.toString());
        // a sensitivity file that lacks a level, or is missing, is refused and the levels are kept
        events.clear();
        assertFalse(deployer.base(write("partial.fbs", FbsParserTest.NOMINAL_STRICT)));
        assertFalse(deployer.base(dir.resolve("missing.fbs")));
        assertEquals(List.of(), events);
        assertEquals(140, inForce(SensitivityLevel.MODERATE).maxBlsMs());
        assertEquals(2, alerts.size());
        assertTrue(alerts.get(0).message().startsWith("fallback sensitivity file partial.fbs refused: ERROR: level.1"),
                alerts.get(0).message());
    }

    @Test
    void badFileKeepsTheModulesInForceAndRaisesAnAlertClearedByAGoodOne() throws IOException {
        deployer.load(write("site.fbs", FbsParserTest.NOMINAL_STRICT));
        events.clear();
        deployer.load(write("site.fbs", FbsParserTest.NOMINAL_STRICT.replace("maxBlsMs=80", "maxBlsMs=99999")));
        assertEquals(List.of(), events, "nothing re-registered");
        assertEquals(80, inForce(SensitivityLevel.NOMINAL).maxBlsMs(), "the previous version stays");
        assertEquals(1, alerts.size());
        Alert a = alerts.get(0);
        assertEquals(FallbackSensitivity.FILE_REFUSED_ALERT, a.name());
        assertEquals(AlertState.RAISED, a.state());
        assertEquals("fallback", a.module());
        assertEquals("fallback sensitivity file site.fbs refused: ERROR: level.3.maxBlsMs 99999 out of range 0-60000;"
                + " the sensitivity modules in force are kept", a.message());
        assertEquals(Map.of("file", "site.fbs", "reason",
                "ERROR: level.3.maxBlsMs 99999 out of range 0-60000; the sensitivity modules in force are kept"),
                a.details());
        assertEquals("site.fbs: ERROR: level.3.maxBlsMs 99999 out of range 0-60000; the sensitivity modules in force"
                + " are kept", deployer.lastRefusal());

        deployer.load(write("site.fbs", FbsParserTest.NOMINAL_STRICT.replace("maxBlsMs=80", "maxBlsMs=150")));
        assertEquals(150, inForce(SensitivityLevel.NOMINAL).maxBlsMs());
        assertEquals(2, alerts.size());
        assertEquals(AlertState.CLEARED, alerts.get(1).state());
        assertEquals("fallback sensitivity file site.fbs loaded", alerts.get(1).message());
    }

    @Test
    void wrongExtensionWithSensitivityContentIsRefusedNotIgnored() throws IOException {
        Path txt = write("strict.fbs.txt", FbsParserTest.NOMINAL_STRICT);
        assertTrue(deployer.canHandle(txt));
        deployer.load(txt);
        assertEquals(12, inForce(SensitivityLevel.NOMINAL).maxIteIn8s());
        assertEquals(1, alerts.size());
        assertTrue(alerts.get(0).message().contains("ERROR: file strict.fbs.txt must have the .fbs extension"),
                alerts.get(0).message());
        deployer.unload(txt);
        assertEquals(AlertState.CLEARED, alerts.get(1).state(), "removing the refused file clears its alert");

        assertTrue(deployer.canHandle(write("empty.fbs", "")));
        assertFalse(deployer.canHandle(write("README", "Karaf deploy directory\n")));
        assertFalse(deployer.canHandle(write("features.xml", FbsParserTest.NOMINAL_STRICT)), "another installer's");
        assertFalse(deployer.canHandle(dir.resolve("missing.properties")));
    }

    @Test
    void unreadableOrHugeFilesAreRefused() throws IOException {
        deployer.load(dir.resolve("gone.fbs"));
        assertTrue(alerts.get(0).message().startsWith("fallback sensitivity file gone.fbs refused: cannot be read"),
                alerts.get(0).message());
        deployer.load(write("huge.fbs", "#".repeat(FbsParser.MAX_BYTES + 10)));
        assertEquals("fallback sensitivity file huge.fbs refused: ERROR: file huge.fbs is 65546 bytes long, at most"
                + " 65536 allowed; the sensitivity modules in force are kept", alerts.get(1).message());
        assertEquals(6, registered.size());
    }

    @Test
    void editedEtcFileGivesTheBuiltinLevelsAndABadOneFallsBackToTheShippedCopy() throws IOException {
        String shipped = new String(shipped().readAllBytes(), StandardCharsets.UTF_8);
        Path etc = write(FbsDeployer.BUILTIN_FILE, shipped.replace("level.3.maxBlsMs=200", "level.3.maxBlsMs=250"));
        ModuleRegistry r = new ModuleRegistry(m -> () -> { });
        List<Alert> a = new ArrayList<>();
        new FbsDeployer(r, a::add).start(etc, shipped());
        assertEquals(250, r.inForce().get(SensitivityLevel.NOMINAL).thresholds().maxBlsMs());
        assertEquals(FallbackSensitivity.BUILTIN, r.inForce().get(SensitivityLevel.NOMINAL).source());
        assertEquals(List.of(), a);

        write(FbsDeployer.BUILTIN_FILE, shipped.replace("level.5.name=Aggressive\n", ""));
        ModuleRegistry r2 = new ModuleRegistry(m -> () -> { });
        new FbsDeployer(r2, a::add).start(etc, shipped());
        assertEquals(200, r2.inForce().get(SensitivityLevel.NOMINAL).thresholds().maxBlsMs(), "the shipped copy");
        assertEquals(1, a.size());
        assertEquals("fallback sensitivity file ime-fallback-sensitivity.fbs refused: ERROR: level.5.name is required;"
                + " the copy shipped in the bundle is used", a.get(0).message());
    }

    @Test
    void stopWithdrawsEverythingAndIgnoresLaterFiles() throws IOException {
        registry.stop();
        assertEquals(0, registered.size());
        deployer.load(write("late.fbs", FbsParserTest.NOMINAL_STRICT));
        assertEquals(0, registered.size());
    }

    @Test
    void shippedCopyMustBeValid() {
        InputStream broken = new ByteArrayInputStream("version=1\n".getBytes(StandardCharsets.UTF_8));
        ModuleRegistry r = new ModuleRegistry(m -> () -> { });
        org.junit.jupiter.api.Assertions.assertThrows(org.imegate.api.validation.ValidationException.class,
                () -> new FbsDeployer(r, alerts::add).start(null, broken));
    }
}
