package org.imegate.ime.store;

import java.util.Hashtable;
import java.util.Map;
import javax.sql.DataSource;
import org.imegate.api.ime.store.ImeStore;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * Opens the IME store on the data source {@value #DATA_SOURCE} (pax-jdbc-config, configured in
 * {@code etc/org.ops4j.datasource-ime.cfg}: H2 embedded by default, PostgreSQL by changing that file),
 * migrates its schema and registers it as the {@link ImeStore} service.
 */
@Component(immediate = true)
public class StoreComponent {
    /** The {@code dataSourceName} of the IME server's data source. */
    public static final String DATA_SOURCE = "imegate-ime";

    private final ServiceRegistration<ImeStore> registration;

    @Activate
    public StoreComponent(BundleContext context,
            @Reference(target = "(dataSourceName=" + DATA_SOURCE + ")") DataSource dataSource) {
        JdbcImeStore store = new JdbcImeStore(dataSource);
        Hashtable<String, Object> props = new Hashtable<>(Map.of("backend", store.backend(),
                "schema.version", store.schemaVersion()));
        registration = context.registerService(ImeStore.class, store, props);
    }

    @Deactivate
    void deactivate() {
        registration.unregister();
    }
}
