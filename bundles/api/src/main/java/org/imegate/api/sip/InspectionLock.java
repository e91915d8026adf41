package org.imegate.api.sip;

import java.util.Optional;

/**
 * Whether the uc-ime proxy is applied to SIP inspection, when its settings (ticket epoch and password
 * included) may not change (SIP-42, UND-19). Modules that hold part of the proxy's settings check it.
 */
public interface InspectionLock {

    /** The name of the uc-ime proxy while it is applied to SIP inspection; empty when changes are allowed. */
    Optional<String> appliedUcIme();
}
