package org.imegate.ime;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.imegate.api.ime.ImeServer;
import org.imegate.api.ime.ValidatorSettings;
import org.imegate.api.ime.VoiceCallRecord;
import org.imegate.api.secret.SecretBox;
import org.imegate.api.validation.Validate;

/**
 * The IME server's singleton configuration, PID {@value #PID} ({@code etc/org.imegate.ime.cfg}).
 */
public record ImeSettings(String vapUsername, String vapPassword, ValidatorSettings validator,
        List<String> blockedDomains, List<String> excludedNumbers, String validatorInterface, int validatorPort,
        String validatorPublicAddress, long quotaLimit, long dhtLifetime) {

    public static final String PID = "org.imegate.ime";
    public static final String VAP_USERNAME = "vap.username";
    public static final String VAP_PASSWORD = "vap.password";
    public static final String BUCKET_ENTROPY = "validator.bucketentropy";
    public static final String MIN_INTERVAL = "validator.mininterval";
    public static final String MAX_DELAY = "validator.maxdelay";
    public static final String TOLERANCE = "validator.tolerance";
    public static final String RETENTION = "validator.retention";
    public static final String TLS_CONCURRENT = "validator.tlsconcurrent";
    public static final String TLS_RATE = "validator.tlsrate";
    public static final String BLOCKED_DOMAINS = "trust.blocked.domains";
    public static final String EXCLUDED_NUMBERS = "trust.excluded.numbers";
    public static final String VALIDATOR_INTERFACE = "validator.interface";
    public static final String VALIDATOR_PORT = "validator.port";
    public static final String VALIDATOR_PUBLIC = "validator.public.address";
    public static final String QUOTA_LIMIT = "dht.quota";
    public static final String DHT_LIFETIME = "dht.lifetime";

    static final Pattern DOMAIN = Pattern.compile(
            "(?i)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");
    static final Pattern USER = Pattern.compile("[\\x21-\\x7e]+");

    /** The defaults: no VAP user, bucketentropy 23, 60 minutes, 10 s windows, 7 days, 20 sessions and 5/s. */
    public static ImeSettings defaults() {
        return of(Map.of());
    }

    /** Reads and validates the configuration's properties. */
    public static ImeSettings of(Map<String, ?> p) {
        ValidatorSettings v = new ValidatorSettings(
                Validate.parseInt(BUCKET_ENTROPY, VapServerConfig.str(p, BUCKET_ENTROPY, "23"), 0, 255),
                Validate.parseInt(MIN_INTERVAL, VapServerConfig.str(p, MIN_INTERVAL, "60"), 0, 10080),
                Validate.parseInt(MAX_DELAY, VapServerConfig.str(p, MAX_DELAY, "300"), 0, 86400),
                Validate.parseInt(TOLERANCE, VapServerConfig.str(p, TOLERANCE, "10"), 1, 300),
                Validate.parseInt(RETENTION, VapServerConfig.str(p, RETENTION, "7"), 1, 365),
                Validate.parseInt(TLS_CONCURRENT, VapServerConfig.str(p, TLS_CONCURRENT, "20"), 1, 1000),
                Validate.parseInt(TLS_RATE, VapServerConfig.str(p, TLS_RATE, "5"), 1, 10000));
        String user = VapServerConfig.str(p, VAP_USERNAME, "");
        if (!user.isEmpty()) {
            username(user);
        }
        String password = VapServerConfig.str(p, VAP_PASSWORD, "");
        if (!password.isEmpty() && !SecretBox.isSealed(password)) {
            throw Validate.fail(VAP_PASSWORD, SecretBox.MASK, "must be stored sealed (ENC(...)); set it with"
                    + " ime:add-vapusercredentials");
        }
        List<String> domains = list(VapServerConfig.str(p, BLOCKED_DOMAINS, ""));
        domains.forEach(ImeSettings::domain);
        List<String> numbers = list(VapServerConfig.str(p, EXCLUDED_NUMBERS, ""));
        numbers.forEach(ImeSettings::number);
        return new ImeSettings(user, password, v, domains, numbers,
                VapServerConfig.str(p, VALIDATOR_INTERFACE, "outside"),
                Validate.parseInt(VALIDATOR_PORT, VapServerConfig.str(p, VALIDATOR_PORT,
                        Integer.toString(ImeServer.DEFAULT_VALIDATOR_PORT)), 0, 65535),
                VapServerConfig.str(p, VALIDATOR_PUBLIC, ""),
                Validate.parseInt(QUOTA_LIMIT, VapServerConfig.str(p, QUOTA_LIMIT, "100000"), 0, Integer.MAX_VALUE),
                Validate.parseInt(DHT_LIFETIME, VapServerConfig.str(p, DHT_LIFETIME, "86400"), 60, 31_536_000));
    }

    static String username(String user) {
        return Validate.name("username", user, 128, USER, "printable characters without spaces");
    }

    static String domain(String d) {
        return Validate.name("domain", d, 253, DOMAIN, "a DNS domain name (letters, digits, '-', '.')")
                .toLowerCase(Locale.ROOT);
    }

    static String number(String n) {
        if (!VoiceCallRecord.isE164(n)) {
            throw Validate.fail("number", n, "is not a +E.164 number (+, then 2 to 15 digits, the first not 0)");
        }
        return n;
    }

    private static List<String> list(String s) {
        List<String> out = new ArrayList<>();
        Arrays.stream(s.split("[,\\s]+")).filter(x -> !x.isBlank()).forEach(out::add);
        return out;
    }

    /** The properties to persist. */
    public Map<String, String> toMap() {
        Map<String, String> m = new LinkedHashMap<>();
        put(m, VAP_USERNAME, vapUsername);
        put(m, VAP_PASSWORD, vapPassword);
        m.put(BUCKET_ENTROPY, Integer.toString(validator.bucketEntropy()));
        m.put(MIN_INTERVAL, Integer.toString(validator.minIntervalMinutes()));
        m.put(MAX_DELAY, Integer.toString(validator.maxDelaySeconds()));
        m.put(TOLERANCE, Integer.toString(validator.toleranceSeconds()));
        m.put(RETENTION, Integer.toString(validator.retentionDays()));
        m.put(TLS_CONCURRENT, Integer.toString(validator.maxConcurrent()));
        m.put(TLS_RATE, Integer.toString(validator.maxPerSecond()));
        put(m, BLOCKED_DOMAINS, String.join(",", blockedDomains));
        put(m, EXCLUDED_NUMBERS, String.join(",", excludedNumbers));
        m.put(VALIDATOR_INTERFACE, validatorInterface);
        m.put(VALIDATOR_PORT, Integer.toString(validatorPort));
        put(m, VALIDATOR_PUBLIC, validatorPublicAddress);
        m.put(QUOTA_LIMIT, Long.toString(quotaLimit));
        m.put(DHT_LIFETIME, Long.toString(dhtLifetime));
        return m;
    }

    private static void put(Map<String, String> m, String k, String v) {
        if (v != null && !v.isEmpty()) {
            m.put(k, v);
        }
    }

    ImeSettings withValidator(ValidatorSettings v) {
        return new ImeSettings(vapUsername, vapPassword, v, blockedDomains, excludedNumbers, validatorInterface,
                validatorPort, validatorPublicAddress, quotaLimit, dhtLifetime);
    }

    ImeSettings withCredentials(String user, String sealed) {
        return new ImeSettings(user, sealed, validator, blockedDomains, excludedNumbers, validatorInterface,
                validatorPort, validatorPublicAddress, quotaLimit, dhtLifetime);
    }

    ImeSettings withTrust(List<String> domains, List<String> numbers) {
        return new ImeSettings(vapUsername, vapPassword, validator, List.copyOf(domains), List.copyOf(numbers),
                validatorInterface, validatorPort, validatorPublicAddress, quotaLimit, dhtLifetime);
    }
}
