package org.imegate.drs;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** {@code etc/org.imegate.drs.cfg}: the Disaster Recovery System's settings. */
@ObjectClassDefinition(name = "imegate Disaster Recovery System",
        description = "Security password, local directory and scheduler of the DRS")
public @interface DrsConfig {
    /** The PID. */
    String PID = "org.imegate.drs";
    /** Key of the sealed security password. */
    String SECURITY_PASSWORD = "security.password";

    @AttributeDefinition(name = "Security password", required = false,
            description = "The DRS security password, sealed (ENC(...)); set it with drs:security-password")
    String security_password() default "";

    @AttributeDefinition(name = "Local directory", required = false,
            description = "Directory of local devices (backup/<device>) and of files to restore (restore/);"
                    + " empty = ${karaf.data}/drs")
    String local_directory() default "";

    @AttributeDefinition(name = "Scheduler check interval", min = "1", max = "60",
            description = "Seconds between two checks of the schedules (a schedule fires at most this late)")
    int scheduler_tick_seconds() default 30;
}
