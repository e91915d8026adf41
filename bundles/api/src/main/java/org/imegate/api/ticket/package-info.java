/**
 * IME tickets (catalogue §5, UND-01, UND-02): the terminating enterprise issues them, its proxy verifies
 * the {@code X-Cisco-UC-IME-Ticket} header of every initial inbound INVITE against them.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.imegate.api.ticket;
