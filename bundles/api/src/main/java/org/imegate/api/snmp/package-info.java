/** The SNMP agent (catalogue §8, UND-14): its JMX view and the notification service the alerts route uses. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.imegate.api.snmp;
