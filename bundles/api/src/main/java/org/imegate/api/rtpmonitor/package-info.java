/**
 * RTP monitoring of the Internet leg (catalogue §4, UND-03): the per-stream metrics printed by
 * {@code show uc-ime media-sessions detail}.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.imegate.api.rtpmonitor;
