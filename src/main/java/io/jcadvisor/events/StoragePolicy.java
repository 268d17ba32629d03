package io.jcadvisor.events;

import io.jcadvisor.config.GoDuration;
import io.quarkus.logging.Log;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Per-type retention of the event store, from upstream's {@code -event_storage_age_limit}
 * ({@code default=24h,oom=1h}) and {@code -event_storage_event_limit} ({@code default=100000,containerCreation=10}).
 * Keys are {@code default} or an event type string ({@link EventTypes}). A malformed item (no {@code =},
 * unknown key, unparsable value) is logged at warn level and skipped; the rest of the list applies.
 * A count of 0 disables storage of that type.
 *
 * @param defaultAge   max age of types without their own entry
 * @param ages         per-type max age
 * @param defaultCount max count of types without their own entry
 * @param counts       per-type max count
 */
public record StoragePolicy(Duration defaultAge, Map<String, Duration> ages, int defaultCount,
        Map<String, Integer> counts) {

    /** Upstream's defaults: 24h and 100000 per type. */
    public static final Duration DEFAULT_AGE = Duration.ofHours(24);
    public static final int DEFAULT_COUNT = 100_000;


    public StoragePolicy {
        ages = Map.copyOf(ages);
        counts = Map.copyOf(counts);
    }

    /** Parses both flag values. */
    public static StoragePolicy parse(String ageLimit, String eventLimit) {
        Map<String, Duration> ages = new HashMap<>();
        Duration defaultAge = DEFAULT_AGE;
        for (Map.Entry<String, String> item : items(ageLimit, "cadvisor.events.age-limit").entrySet()) {
            Duration age = parseGoDuration(item.getValue());
            if (age == null || age.isNegative()) {
                Log.warnf("cadvisor.events.age-limit: skipping %s=%s, not a duration", item.getKey(), item.getValue());
                continue;
            }
            if (item.getKey().equals("default")) {
                defaultAge = age;
            } else {
                ages.put(item.getKey(), age);
            }
        }
        Map<String, Integer> counts = new HashMap<>();
        int defaultCount = DEFAULT_COUNT;
        for (Map.Entry<String, String> item : items(eventLimit, "cadvisor.events.event-limit").entrySet()) {
            int count;
            try {
                count = Integer.parseInt(item.getValue().trim());
            } catch (NumberFormatException e) {
                count = -1;
            }
            if (count < 0) {
                Log.warnf("cadvisor.events.event-limit: skipping %s=%s, not a count", item.getKey(), item.getValue());
                continue;
            }
            if (item.getKey().equals("default")) {
                defaultCount = count;
            } else {
                counts.put(item.getKey(), count);
            }
        }
        return new StoragePolicy(defaultAge, ages, defaultCount, counts);
    }

    public Duration maxAge(String type) {
        return ages.getOrDefault(type, defaultAge);
    }

    public int maxCount(String type) {
        return counts.getOrDefault(type, defaultCount);
    }

    /** {@code key=value} items of a comma list with a known key; the rest is logged and dropped. */
    private static Map<String, String> items(String list, String key) {
        Map<String, String> items = new HashMap<>();
        if (list == null) {
            return items;
        }
        for (String raw : list.split(",")) {
            String item = raw.trim();
            if (item.isEmpty()) {
                continue;
            }
            int eq = item.indexOf('=');
            if (eq <= 0) {
                Log.warnf("%s: skipping \"%s\", expected type=value", key, item);
                continue;
            }
            String type = item.substring(0, eq).trim();
            if (!type.equals("default") && !EventTypes.ALL.contains(type)) {
                Log.warnf("%s: skipping \"%s\", unknown event type %s", key, item, type);
                continue;
            }
            items.put(type, item.substring(eq + 1).trim());
        }
        return items;
    }

    /** A non-negative Go {@code time.ParseDuration} string ({@code 24h}, {@code 1h30m}, {@code 0}), or null. */
    static Duration parseGoDuration(String text) {
        try {
            Duration d = GoDuration.parse(text);
            return d.isNegative() ? null : d;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
