package io.jcadvisor.metrics;

/** Receives the values of one container for one family; label values follow the family's extra labels. */
interface SampleSink {

    /** A value without extra labels. */
    void add(double value);

    /** A value with exactly one extra label. */
    void add(double value, String extra);

    /** Scrape time, Unix seconds ({@code container_last_seen}). */
    long scrapeEpochSecond();

    /** A value with all extra labels, in the family's order (the array is kept, not copied). */
    void add(double value, String[] extras);
}
