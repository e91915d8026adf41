/**
 * Durable state of the IME server (VCRs, the validation queue, pools and buckets, learned routes,
 * the embedded cache's entries) behind {@link org.imegate.api.ime.store.ImeStore}; the appliance's
 * implementation keeps it in a relational database (H2 embedded by default, PostgreSQL supported).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.imegate.api.ime.store;
