package org.imegate.media;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** {@code etc/org.imegate.media.cfg}: relay settings (the instances are factory configurations). */
@ObjectClassDefinition(name = "imegate media relay",
        description = "Settings of the RTP relay shared by every media-termination instance")
public @interface MediaSettings {

    @AttributeDefinition(min = "1", max = "86400",
            description = "Close a media session after this many seconds without a packet on either leg, counted from its opening when no packet ever came (applies live)")
    int idle_timeout_seconds() default 300;
}
