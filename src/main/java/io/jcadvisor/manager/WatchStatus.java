package io.jcadvisor.manager;

import java.util.OptionalLong;

/**
 * The cgroup directory watch, for {@code /validate}.
 *
 * @param watches        directories watched now (inotify watches held)
 * @param limitHit       a registration failed for the kernel limit; unwatched cgroups are found by the
 *                       global walk only
 * @param maxUserWatches {@code /proc/sys/fs/inotify/max_user_watches}, empty when unreadable
 */
public record WatchStatus(int watches, boolean limitHit, OptionalLong maxUserWatches) {
}
