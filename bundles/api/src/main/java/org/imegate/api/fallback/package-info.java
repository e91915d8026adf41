/**
 * Fallback sensitivity modules (catalogue §4.3, UND-03, UND-04, UND-05): the rule that decides, at every
 * monitoring tick, whether the RTP quality of a call is poor enough to move it to the PSTN. Modules are
 * OSGi services, one in force per sensitivity level; they can be replaced while calls are up.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.imegate.api.fallback;
