package org.imegate.platform;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.imegate.api.interfaces.NamedInterface;
import org.imegate.api.interfaces.NamedInterfaces;
import org.imegate.api.validation.Validate;
import org.imegate.api.validation.ValidationException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The named-interface table from {@code etc/org.imegate.interfaces.cfg}: every key that is a valid
 * interface name maps it to a literal IP address (no name resolution). Without configuration,
 * {@code inside} = 127.0.0.2 and {@code outside} = 127.0.0.3. A bad entry refuses the whole update,
 * logs the reason and keeps the previous table.
 */
@Component(service = NamedInterfaces.class, configurationPid = NamedInterfaces.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
public final class ConfiguredInterfaces implements NamedInterfaces {
    private static final Logger LOG = LoggerFactory.getLogger(ConfiguredInterfaces.class);
    static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_-]{0,31}");
    static final Pattern LITERAL = Pattern.compile("[0-9.]+|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");
    static final Map<String, String> DEFAULTS = Map.of(INSIDE, "127.0.0.2", OUTSIDE, "127.0.0.3");

    private volatile Map<String, NamedInterface> table;

    @Activate
    public ConfiguredInterfaces(Map<String, Object> properties) {
        this.table = parse(properties);
        LOG.info("named interfaces: {}", table.values());
    }

    @Modified
    void modified(Map<String, Object> properties) {
        try {
            table = parse(properties);
            LOG.info("named interfaces changed: {}", table.values());
        } catch (ValidationException e) {
            LOG.error("{} refused, interfaces unchanged: {}", PID, e.getMessage());
        }
    }

    static Map<String, NamedInterface> parse(Map<String, ?> properties) {
        Map<String, String> raw = new TreeMap<>(DEFAULTS);
        for (Map.Entry<String, ?> e : properties.entrySet()) {
            String key = e.getKey();
            if (key.startsWith("service.") || key.startsWith("component.") || key.startsWith("felix.")
                    || key.equals("osgi.ds.satisfying.condition.target")) {
                continue;
            }
            Validate.name("interface", key, 32, NAME, "lower-case letters, digits, '-' and '_', starting with a letter");
            raw.put(key, String.valueOf(e.getValue()).trim());
        }
        Map<String, NamedInterface> result = new TreeMap<>();
        for (Map.Entry<String, String> e : raw.entrySet()) {
            result.put(e.getKey(), new NamedInterface(e.getKey(), address(e.getKey(), e.getValue())));
        }
        return result;
    }

    static InetAddress address(String name, String literal) {
        if (!LITERAL.matcher(literal).matches()) {
            throw Validate.fail(name, literal, "must be a literal IPv4 or IPv6 address");
        }
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw Validate.fail(name, literal, "must be a literal IPv4 or IPv6 address");
        }
    }

    @Override
    public List<NamedInterface> all() {
        return new ArrayList<>(table.values());
    }

    @Override
    public Optional<NamedInterface> find(String name) {
        return Optional.ofNullable(table.get(name));
    }

    @Override
    public NamedInterface require(String parameter, String name) {
        NamedInterface i = table.get(name);
        if (i == null) {
            throw Validate.fail(parameter, name, "is not a configured interface (configured: "
                    + String.join(", ", table.keySet()) + ")");
        }
        return i;
    }
}
