package org.imegate.api.media;

import java.util.List;
import java.util.Optional;

/**
 * Media termination: the appliance's end of every IME media stream. SIP inspection opens one
 * {@link MediaSession} per accepted audio stream of a call, rewrites the SDP of each leg with the
 * session's local addresses, tells the session the remote address of each leg from the other SDP, and
 * closes the session when the call ends. The relay between the legs runs inside the media bundle;
 * later stages (SRTP, monitoring) attach to the session without SIP knowing.
 */
public interface MediaTermination {

    /**
     * Configuration property by which another module's ConfigAdmin configuration declares that it
     * uses a media-termination instance (value: the instance name), e.g. the {@code uc-ime} proxy's
     * configuration. While such a configuration exists, {@code no media-termination <name>} is
     * refused as "in use". An instance is usable by a proxy when it has a global address, or
     * addresses on at least the {@code inside} and {@code outside} interfaces.
     *
     * @since 1.1
     */
    String REFERENCE_PROPERTY = "media.termination";

    /**
     * Opens a media session on the configured instance {@code instance} for the call {@code callId}:
     * allocates an even RTP port on the outside (Internet) address and one on the inside address.
     *
     * @throws org.imegate.api.validation.ValidationException when the instance does not exist
     * @throws MediaUnavailableException when no port pair is free
     */
    MediaSession open(String instance, String callId) throws MediaUnavailableException;

    /** The open session with this id. */
    Optional<MediaSession> find(String sessionId);

    /** A snapshot of every open session. */
    List<MediaSessionInfo> sessions();

    /** The configured instances. */
    List<MediaTerminationConfig> instances();
}
