package io.jcadvisor.info.v1;

/**
 * A list of samples that can keep each sample's JSON once it has been written, so the next answer
 * that carries the same (immutable) sample copies its bytes instead of serializing it again. The
 * sample history ({@code StatsCache}) answers its queries with such a list; {@link StatsListSerializer}
 * (the v1 form) and the v2.0 stats writer read and fill it. A slot lives exactly as long as its sample
 * is held.
 */
public interface SampleJsonMemo {

    /** The v1 JSON of sample {@code index} as written before, or null. */
    RawJson json(int index);

    /** Keeps the v1 JSON of sample {@code index}; the bytes must be exactly what the sample serializes to. */
    void json(int index, RawJson json);

    /**
     * The JSON of another form of sample {@code index} (such as v2.0's), as written before for the same
     * {@code form} and the same (identical) {@code previous} sample it was derived with, or null.
     */
    RawJson json(int index, long form, Object previous);

    /** Keeps the JSON of another form of sample {@code index}; one such form is kept per sample. */
    void json(int index, long form, Object previous, RawJson json);
}
