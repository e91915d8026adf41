package org.imegate.drs;

/**
 * How the Local Agent reports a job's progress to the Master Agent. A report that fails (the Master Agent is gone)
 * makes the Local Agent abandon the job with {@code DRFLA2MAFailure}.
 */
public interface JobListener {

    /** {@code component} starts {@code phase} (backing up, verifying, restoring). */
    void started(String component, JobStatus.Phase phase);

    /** Progress of the current phase of {@code component}, 0-100. */
    void progress(String component, int percent);

    /** {@code component} finished its phase; {@code error} is null on success. */
    void finished(String component, JobStatus.Phase phase, String error);

    /** A line for the job's log file. */
    void log(String line);

    /** Whether the operator asked to cancel (checked between components). */
    boolean cancelRequested();
}
