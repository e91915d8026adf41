/**
 * RTP monitoring of the Internet leg (catalogue §4, UND-03): the per-stream metrics printed by
 * {@code show uc-ime media-sessions detail}, and the {@link org.imegate.api.rtpmonitor.RtpMonitor} service that
 * evaluates them every monitoring tick and reports the calls that must fall back to the PSTN.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package org.imegate.api.rtpmonitor;
