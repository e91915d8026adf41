package org.imegate.fallback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.imegate.api.fallback.FallbackSensitivity;
import org.imegate.api.fallback.SensitivityLevel;
import org.imegate.api.fallback.Thresholds;
import org.imegate.api.validation.ValidationException;
import org.junit.jupiter.api.Test;

class FbsParserTest {

    static final String NOMINAL_STRICT = """
            # stricter Nominal
            version=1
            module=acme.strict
            level.3.name=Nominal strict
            level.3.maxRblrPctX100=2000
            level.3.maxIteIn8s=5
            level.3.maxBlsMs=80
            level.3.maxMovAvgPdvUs=30000
            level.3.maxConcealedSecPct=50
            """;

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String refused(String fileName, String content) {
        return assertThrows(ValidationException.class, () -> FbsParser.parse(fileName, bytes(content))).getMessage();
    }

    @Test
    void validFileDefinesItsLevels() {
        FbsFile f = FbsParser.parse("strict.fbs", bytes(NOMINAL_STRICT));
        assertEquals("strict.fbs", f.fileName());
        assertEquals("acme.strict", f.module());
        assertEquals(Set.of(SensitivityLevel.NOMINAL), f.levels().keySet());
        ThresholdModule m = f.levels().get(SensitivityLevel.NOMINAL);
        assertEquals(new ThresholdModule(SensitivityLevel.NOMINAL, "Nominal strict", "strict.fbs", "acme.strict",
                new Thresholds(2000, 5, 80, 30_000, 50)), m);
        assertEquals("strict.fbs", m.source());
        assertEquals("3", f.levelList());
    }

    @Test
    void shippedFileIsAValidBuiltinWithStricterLimitsAtHigherLevels() throws IOException {
        byte[] shipped;
        try (InputStream in = FbsParser.class.getResourceAsStream(FbsDeployer.BUILTIN_FILE)) {
            shipped = in.readAllBytes();
        }
        FbsFile f = FbsParser.parseBuiltin(FbsDeployer.BUILTIN_FILE, shipped);
        assertEquals(5, f.levels().size());
        for (SensitivityLevel l : f.levels().keySet()) {
            ThresholdModule m = f.levels().get(l);
            assertEquals(FallbackSensitivity.BUILTIN, m.source());
            assertEquals(l.displayName(), m.name());
        }
        assertEquals(new Thresholds(4000, 12, 200, 50_000, 80), f.levels().get(SensitivityLevel.NOMINAL).thresholds());
        for (int l = 2; l <= 5; l++) {
            Thresholds lower = f.levels().get(SensitivityLevel.of(l - 1)).thresholds();
            Thresholds higher = f.levels().get(SensitivityLevel.of(l)).thresholds();
            assertTrue(higher.maxRblrPctX100() < lower.maxRblrPctX100() && higher.maxIteIn8s() < lower.maxIteIn8s()
                    && higher.maxBlsMs() < lower.maxBlsMs() && higher.maxMovAvgPdvUs() < lower.maxMovAvgPdvUs()
                    && higher.maxConcealedSecPct() < lower.maxConcealedSecPct(), "level " + l + " is stricter");
        }
    }

    @Test
    void builtinMustDefineEveryLevel() {
        assertEquals("ERROR: level.1.name is required (the built-in file defines every level 1-5)",
                assertThrows(ValidationException.class,
                        () -> FbsParser.parseBuiltin("x.fbs", bytes(NOMINAL_STRICT))).getMessage());
    }

    @Test
    void utf8BomCommentsAndSpacesAreAccepted() {
        String text = "\uFEFF! a comment\nversion = 1\nmodule : acme.e\n"
                + NOMINAL_STRICT.replace("version=1\n", "").replace("module=acme.strict\n", "")
                        .replace("=2000", " = 2000  ");
        FbsFile f = FbsParser.parse("spaces.fbs", bytes(text));
        assertEquals(2000, f.levels().get(SensitivityLevel.NOMINAL).thresholds().maxRblrPctX100());
        assertEquals("acme.e", f.module());
    }

    @Test
    void wrongExtensionIsRefused() {
        assertEquals("ERROR: file strict.properties must have the .fbs extension",
                refused("strict.properties", NOMINAL_STRICT));
        assertEquals("ERROR: file strict.FBS must have the .fbs extension", refused("strict.FBS", NOMINAL_STRICT));
        assertEquals("ERROR: file .fbs must have the .fbs extension", refused(".fbs", NOMINAL_STRICT));
        assertEquals("ERROR: file 'my file.fbs' may contain only letters, digits, '.', '_' and '-'",
                refused("my file.fbs", NOMINAL_STRICT));
    }

    @Test
    void missingKeysAreRefused() {
        assertEquals("ERROR: version is required", refused("a.fbs", NOMINAL_STRICT.replace("version=1\n", "")));
        assertEquals("ERROR: module is required", refused("a.fbs", NOMINAL_STRICT.replace("module=acme.strict\n", "")));
        assertEquals("ERROR: level.3.maxBlsMs is required",
                refused("a.fbs", NOMINAL_STRICT.replace("level.3.maxBlsMs=80\n", "")));
        assertEquals("ERROR: level.3.name is required",
                refused("a.fbs", NOMINAL_STRICT.replace("level.3.name=Nominal strict\n", "")));
        assertEquals("ERROR: file a.fbs defines no level: give level.<1-5>.name and the five limits",
                refused("a.fbs", "version=1\nmodule=m\n"));
        assertEquals("ERROR: level.3.maxIteIn8s is required",
                refused("a.fbs", NOMINAL_STRICT.replace("level.3.maxIteIn8s=5", "level.3.maxIteIn8s=")));
    }

    @Test
    void outOfRangeValuesAreRefused() {
        assertEquals("ERROR: level.3.maxBlsMs 60001 out of range 0-60000",
                refused("a.fbs", NOMINAL_STRICT.replace("maxBlsMs=80", "maxBlsMs=60001")));
        assertEquals("ERROR: level.3.maxRblrPctX100 10001 out of range 0-10000",
                refused("a.fbs", NOMINAL_STRICT.replace("=2000", "=10001")));
        assertEquals("ERROR: level.3.maxConcealedSecPct -1 out of range 0-100",
                refused("a.fbs", NOMINAL_STRICT.replace("Pct=50", "Pct=-1")));
        assertEquals("ERROR: level.3.maxIteIn8s 801 out of range 0-800",
                refused("a.fbs", NOMINAL_STRICT.replace("In8s=5", "In8s=801")));
        assertEquals("ERROR: level.3.maxMovAvgPdvUs 10000001 out of range 0-10000000",
                refused("a.fbs", NOMINAL_STRICT.replace("=30000", "=10000001")));
        assertEquals("ERROR: level.3.maxMovAvgPdvUs 30ms is not a number (allowed 0-10000000)",
                refused("a.fbs", NOMINAL_STRICT.replace("=30000", "=30ms")));
        assertEquals("ERROR: version 2 is not supported (1 is)",
                refused("a.fbs", NOMINAL_STRICT.replace("version=1", "version=2")));
    }

    @Test
    void unknownOrMisplacedKeysAreRefused() {
        assertEquals("ERROR: level.3.maxBLS is not a key of a .fbs file (expected version, module, "
                + "level.<1-5>.name|maxRblrPctX100|maxIteIn8s|maxBlsMs|maxMovAvgPdvUs|maxConcealedSecPct)",
                refused("a.fbs", NOMINAL_STRICT + "level.3.maxBLS=1\n"));
        assertTrue(refused("a.fbs", NOMINAL_STRICT + "colour=red\n").startsWith("ERROR: colour is not a key"));
        assertEquals("ERROR: level.0.name Off defines level 0 (Disable), which is never evaluated; levels 1-5 may be"
                + " defined", refused("a.fbs", NOMINAL_STRICT + "level.0.name=Off\n"));
        assertEquals("ERROR: level.6.name Extreme names level 6, not a level 1-5",
                refused("a.fbs", NOMINAL_STRICT + "level.6.name=Extreme\n"));
        assertEquals("ERROR: level.x.name X names level x, not a level 1-5",
                refused("a.fbs", NOMINAL_STRICT + "level.x.name=X\n"));
    }

    @Test
    void duplicateKeysAndBadNamesAreRefused() {
        assertEquals("ERROR: level.3.maxBlsMs 90 is given twice",
                refused("a.fbs", NOMINAL_STRICT + "level.3.maxBlsMs=90\n"));
        assertEquals("ERROR: module 1acme may contain only letters, digits, '.', '_' and '-', starting with a letter",
                refused("a.fbs", NOMINAL_STRICT.replace("module=acme.strict", "module=1acme")));
        assertEquals("ERROR: level.3.name Nominal-strict-with-a-far-too-long-name is 39 characters long, at most 32"
                + " allowed", refused("a.fbs", NOMINAL_STRICT.replace("Nominal strict",
                        "Nominal-strict-with-a-far-too-long-name")));
    }

    @Test
    void notUtf8OrNotPropertiesOrTooLargeIsRefused() {
        byte[] latin1 = NOMINAL_STRICT.replace("stricter", "stricter \u00e9").getBytes(StandardCharsets.ISO_8859_1);
        assertEquals("ERROR: file a.fbs is not UTF-8 text",
                assertThrows(ValidationException.class, () -> FbsParser.parse("a.fbs", latin1)).getMessage());
        assertTrue(refused("a.fbs", NOMINAL_STRICT + "level.3.x=\\u12\n")
                .startsWith("ERROR: file a.fbs is not a properties file ("));
        byte[] big = new byte[FbsParser.MAX_BYTES + 1];
        assertEquals("ERROR: file a.fbs is 65537 bytes long, at most 65536 allowed",
                assertThrows(ValidationException.class, () -> FbsParser.parse("a.fbs", big)).getMessage());
    }

    @Test
    void sniffingRecognisesASensitivityFileWhateverItsName() {
        assertTrue(FbsParser.looksLikeFbs(bytes(NOMINAL_STRICT)));
        assertFalse(FbsParser.looksLikeFbs(bytes("This directory is watched by Karaf; drop bundles here.\n")));
        assertFalse(FbsParser.looksLikeFbs(bytes("module=x\n")));
    }
}
