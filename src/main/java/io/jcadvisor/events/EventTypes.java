package io.jcadvisor.events;

import java.util.List;

/** The event type strings of upstream {@code v1.EventType}, exactly as the API spells them. */
public final class EventTypes {

    public static final String OOM = "oom";
    public static final String OOM_KILL = "oomKill";
    public static final String CONTAINER_CREATION = "containerCreation";
    public static final String CONTAINER_DELETION = "containerDeletion";

    /** Every type, in upstream's order. */
    public static final List<String> ALL = List.of(OOM, OOM_KILL, CONTAINER_CREATION, CONTAINER_DELETION);

    private EventTypes() {
    }
}
