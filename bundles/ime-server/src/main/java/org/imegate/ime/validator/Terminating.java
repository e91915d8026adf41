package org.imegate.ime.validator;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.imegate.api.ime.VServiceInfo;
import org.imegate.api.ime.ValidatorSettings;
import org.imegate.api.ime.store.StoredVcr;
import org.imegate.ime.ImeCounters;

/** What the validator's terminating side needs from the IME server. */
public interface Terminating {

    ValidatorSettings settings();

    ImeCounters counters();

    /** Terminating VCRs to the number of {@code calledKey} that started in {@code [from, to]}. */
    List<StoredVcr> candidates(String calledKey, Instant from, Instant to);

    /** The VService now published under {@code vserviceId}. */
    Optional<VServiceInfo> vservice(long vserviceId);

    /** Domains blocked locally. */
    List<String> blockedDomains();

    /** Numbers excluded from validation. */
    List<String> excludedNumbers();

    /**
     * A ticket of {@code issuerDomain} for {@code callingDomain} to call {@code number}.
     *
     * @throws org.imegate.api.validation.ValidationException when no ticket epoch and password are configured
     */
    String issueTicket(String issuerDomain, String callingDomain, String number);
}
