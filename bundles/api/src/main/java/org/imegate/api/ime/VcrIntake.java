package org.imegate.api.ime;

/**
 * Where VCRs enter the IME server, from VAP UploadVCR and from the CDR file inbox (catalogue UND-25):
 * +E.164 check, idempotence on (direction, called, calling, start), the minimum interval between
 * validations of one number (IME-43), then durable storage and, for an originating VCR, a scheduled
 * validation. A VCR for which this returns a stored outcome survives a crash.
 */
public interface VcrIntake {

    /**
     * Takes one VCR.
     *
     * @param vcr    the record
     * @param source where it came from, for the log ({@code vap:<server>} or {@code inbox:<file>})
     */
    VcrResult submit(VoiceCallRecord vcr, String source);

    /**
     * Counts a record that could not even be read as a VCR (a malformed CDR line): one upload request,
     * one VCR rejected, and a log line with where it came from and why.
     *
     * @param source where it came from ({@code inbox:<file>:<line>})
     * @param reason why it was refused
     * @since 1.1
     */
    void refuse(String source, String reason);
}
