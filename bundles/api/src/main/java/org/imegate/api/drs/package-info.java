/**
 * The Disaster Recovery System (DRS, catalogue §7, UND-13): what a module implements so that its data is
 * backed up and restored with the appliance, the DRS alarms, and the DRS MBean.
 *
 * <h2>Registering a component</h2>
 * A module that keeps data of its own registers one {@link org.imegate.api.drs.DrsComponent} OSGi service
 * (a DS component is enough). The DRS Local Agent picks it up at once and includes it in every later backup;
 * a restore hands it back the entries it wrote. Components are accepted only from the appliance's own bundles
 * (symbolic name {@code org.imegate.*}) and under a unique {@link org.imegate.api.drs.DrsComponent#name()};
 * anything else is refused with the {@code DRFUnknownClient} alarm.
 * <pre>
 * &#64;Component(service = DrsComponent.class)
 * public final class RouteStoreBackup implements DrsComponent {
 *     public String name() { return "learned-routes"; }
 *     public String description() { return "IME learned routes and tickets"; }
 *     public Set&lt;String&gt; storePaths() { return Set.of("ime-server"); }   // the generic store copy leaves it alone
 *     public void backup(DrsBackupWriter out) throws IOException {
 *         try (Connection c = dataSource.getConnection()) {          // one snapshot transaction
 *             c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ); c.setReadOnly(true);
 *             try (OutputStream o = out.addStream("routes.csv")) { ...write every row... }
 *         }
 *     }
 *     public void verify(DrsRestoreReader in) throws IOException { ...parse every entry, change nothing... }
 *     public void restore(DrsRestoreReader in) throws IOException { ...load into a fresh database, then swap... }
 * }
 * </pre>
 * The appliance keeps serving calls during a backup: a component must take a <em>consistent snapshot</em>
 * without stopping the module (a read-only snapshot transaction of its database, or files that the module
 * replaces atomically, which a reader that has opened them sees whole). Without a component of its own, a
 * module's directory of the {@link org.imegate.api.secret.ApplianceStore} is copied file by file by the
 * built-in {@code appliance-store} component, which is right for modules that replace each file atomically.
 *
 * <h2>Built-in components</h2>
 * {@code configuration} (the {@code org.imegate.*} configurations in {@code etc/} and the {@code .fbs}
 * sensitivity files), {@code master-key} (the key that seals every secret at rest, so that a rebuilt box can
 * open the restored secrets), {@code appliance-store} (every module directory of the appliance store, e.g. the
 * PKI key store) and {@code drs} (the DRS's own {@code drfDevice.xml} and {@code drfSchedule.xml}).
 *
 * <h2>Archive</h2>
 * A backup is one file {@code yyyy-mm-dd-hh-mm-ss.tar.gz}: a POSIX tar (gzip) whose first entry
 * {@code MANIFEST} lists the product version, the feature ({@code IME}), the key-derivation parameters and, per
 * component, the SHA-256 of its data; {@code MANIFEST.hmac} authenticates it; then one entry
 * {@code components/<name>.enc} per component: its entries as a gzip-compressed tar, encrypted with AES-256-GCM
 * in 256 KiB segments under a key derived from the DRS security password (PBKDF2-HMAC-SHA-256, then HKDF). The
 * format is described in full in the drs bundle's {@code ArchiveFormat}.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.imegate.api.drs;
