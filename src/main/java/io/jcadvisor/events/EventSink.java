package io.jcadvisor.events;

import io.jcadvisor.info.v1.Event;

/**
 * Where lifecycle and OOM events go (the manager for creation/deletion, the kernel log reader for
 * {@code oom}/{@code oomKill}). Never blocks the caller for long.
 */
public interface EventSink {

    /** Stores the event and hands it to the live watchers that match it. */
    void add(Event event);
}
