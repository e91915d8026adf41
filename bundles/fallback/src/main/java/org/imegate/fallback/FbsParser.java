package org.imegate.fallback;

import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.imegate.api.fallback.FallbackSensitivity;
import org.imegate.api.fallback.SensitivityLevel;
import org.imegate.api.fallback.Thresholds;
import org.imegate.api.validation.Validate;
import org.imegate.api.validation.ValidationException;

/**
 * Reads and fully validates a {@code .fbs} sensitivity file (UND-04): UTF-8 Java properties with
 * {@code version=1}, {@code module=<name>} and, for each level defined (1-5), {@code level.<n>.name} and the
 * five limits of {@link Thresholds}. Any fault refuses the whole file with a {@link ValidationException} naming
 * the key, the value and the rule.
 */
public final class FbsParser {

    /** The extension a sensitivity file must have (RTPM-13). */
    public static final String EXTENSION = ".fbs";
    /** Largest file accepted. */
    public static final int MAX_BYTES = 64 * 1024;
    /** The only format version. */
    public static final String VERSION = "1";

    static final String NAME = "name";
    static final String RBLR = "maxRblrPctX100";
    static final String ITE = "maxIteIn8s";
    static final String BLS = "maxBlsMs";
    static final String PDV = "maxMovAvgPdvUs";
    static final String CONCEALED = "maxConcealedSecPct";
    static final List<String> FIELDS = List.of(NAME, RBLR, ITE, BLS, PDV, CONCEALED);

    private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9_.-]+");
    private static final Pattern MODULE = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]*");
    private static final Pattern LEVEL_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9 _.-]*");
    private static final Pattern LEVEL_KEY = Pattern.compile("level\\.([^.]*)\\.([^.]*)");
    private static final Pattern SNIFF_MODULE = Pattern.compile("(?m)^[ \\t]*module[ \\t]*[=:]");
    private static final Pattern SNIFF_LEVEL = Pattern.compile("(?m)^[ \\t]*level\\.[0-9]\\.[A-Za-z]+[ \\t]*[=:]");

    private FbsParser() {
    }

    /** A file deployed by an operator: its levels are published with the file name as their source. */
    public static FbsFile parse(String fileName, byte[] content) {
        return parse(fileName, content, fileName);
    }

    /** The built-in file: every level 1-5 must be defined; the levels' source is {@code builtin}. */
    public static FbsFile parseBuiltin(String fileName, byte[] content) {
        return parseComplete(fileName, content, FallbackSensitivity.BUILTIN);
    }

    /** A file that defines every level 1-5 (the built-in one, or the uc-ime proxy's sensitivity-file), from {@code source}. */
    public static FbsFile parseComplete(String fileName, byte[] content, String source) {
        FbsFile f = parse(fileName, content, source);
        for (SensitivityLevel l : SensitivityLevel.values()) {
            if (l != SensitivityLevel.DISABLE && !f.levels().containsKey(l)) {
                String key = "level." + l.value() + "." + NAME;
                throw new ValidationException(key, "ERROR: " + key
                        + " is required (the built-in file defines every level 1-5)");
            }
        }
        return f;
    }

    /**
     * Whether {@code head} (the start of a file) reads like a sensitivity file whatever its name: a
     * {@code module} key and a {@code level.<n>.<key>} key. Used to refuse, rather than ignore, a sensitivity file
     * without the {@code .fbs} extension.
     */
    public static boolean looksLikeFbs(byte[] head) {
        String text = new String(head, StandardCharsets.UTF_8);
        return SNIFF_MODULE.matcher(text).find() && SNIFF_LEVEL.matcher(text).find();
    }

    private static FbsFile parse(String fileName, byte[] content, String source) {
        Validate.required("file", fileName);
        if (!fileName.endsWith(EXTENSION) || fileName.length() == EXTENSION.length()) {
            throw Validate.fail("file", fileName, "must have the " + EXTENSION + " extension");
        }
        Validate.name("file", fileName, 128, FILE_NAME, "letters, digits, '.', '_' and '-'");
        if (content.length > MAX_BYTES) {
            throw Validate.fail("file", fileName, "is " + content.length + " bytes long, at most " + MAX_BYTES
                    + " allowed");
        }
        Map<String, String> p = properties(fileName, content);

        String version = Validate.required("version", p.remove("version")).trim();
        if (!VERSION.equals(version)) {
            throw Validate.fail("version", version, "is not supported (" + VERSION + " is)");
        }
        String module = Validate.name("module", Validate.required("module", p.remove("module")).trim(), 64, MODULE,
                "letters, digits, '.', '_' and '-', starting with a letter");

        Map<SensitivityLevel, Map<String, String>> byLevel = new EnumMap<>(SensitivityLevel.class);
        for (Map.Entry<String, String> e : p.entrySet()) {
            String key = e.getKey();
            Matcher m = LEVEL_KEY.matcher(key);
            if (!m.matches() || !FIELDS.contains(m.group(2))) {
                throw new ValidationException(key, "ERROR: " + key + " is not a key of a " + EXTENSION
                        + " file (expected version, module, level.<1-5>." + String.join("|", FIELDS) + ")");
            }
            String n = m.group(1);
            if (!n.matches("[0-9]")) {
                throw Validate.fail(key, e.getValue(), "names level " + n + ", not a level 1-5");
            }
            int level = Integer.parseInt(n);
            if (level == SensitivityLevel.DISABLE.value()) {
                throw Validate.fail(key, e.getValue(), "defines level 0 (Disable), which is never evaluated;"
                        + " levels 1-5 may be defined");
            }
            if (level > SensitivityLevel.MAX) {
                throw Validate.fail(key, e.getValue(), "names level " + level + ", not a level 1-5");
            }
            byLevel.computeIfAbsent(SensitivityLevel.of(level), l -> new TreeMap<>()).put(m.group(2), e.getValue());
        }
        if (byLevel.isEmpty()) {
            throw Validate.fail("file", fileName, "defines no level: give level.<1-5>.name and the five limits");
        }

        Map<SensitivityLevel, ThresholdModule> levels = new EnumMap<>(SensitivityLevel.class);
        for (Map.Entry<SensitivityLevel, Map<String, String>> e : byLevel.entrySet()) {
            String prefix = "level." + e.getKey().value() + ".";
            Map<String, String> v = e.getValue();
            for (String field : FIELDS) {
                Validate.required(prefix + field, v.get(field));
            }
            String name = Validate.name(prefix + NAME, v.get(NAME).trim(), 32, LEVEL_NAME,
                    "letters, digits, spaces, '.', '_' and '-', starting with a letter or digit");
            Thresholds t = new Thresholds(
                    Validate.parseInt(prefix + RBLR, v.get(RBLR), 0, Thresholds.RBLR_LIMIT),
                    Validate.parseInt(prefix + ITE, v.get(ITE), 0, Thresholds.ITE_LIMIT),
                    Validate.parseInt(prefix + BLS, v.get(BLS), 0, Thresholds.BLS_LIMIT),
                    Validate.parseInt(prefix + PDV, v.get(PDV), 0, Thresholds.PDV_LIMIT),
                    Validate.parseInt(prefix + CONCEALED, v.get(CONCEALED), 0, Thresholds.CONCEALED_LIMIT));
            levels.put(e.getKey(), new ThresholdModule(e.getKey(), name, source, module, t));
        }
        return new FbsFile(fileName, module, levels);
    }

    /** The properties of the file, refusing bytes that are not UTF-8 and keys given twice. */
    private static Map<String, String> properties(String fileName, byte[] content) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(content)).toString();
        } catch (CharacterCodingException e) {
            throw Validate.fail("file", fileName, "is not UTF-8 text");
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        Map<String, String> out = new TreeMap<>();
        Properties strict = new Properties() {
            private static final long serialVersionUID = 1L;

            @Override
            public synchronized Object put(Object key, Object value) {
                if (out.putIfAbsent((String) key, (String) value) != null) {
                    throw Validate.fail((String) key, value, "is given twice");
                }
                return super.put(key, value);
            }
        };
        try {
            strict.load(new StringReader(text));
        } catch (IOException | IllegalArgumentException e) {
            if (e instanceof ValidationException v) {
                throw v;
            }
            throw Validate.fail("file", fileName, "is not a properties file (" + e.getMessage() + ")");
        }
        return out;
    }
}
