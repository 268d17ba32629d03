package io.jcadvisor.info.v1;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.ObjectCodec;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.io.IOException;
import java.util.List;

/**
 * Writes the v1 {@code stats} array. When the list is the sample history's ({@link SampleJsonMemo}),
 * each sample is serialized once, by the same mapper and so to the same text, and its bytes are reused
 * by every later answer that carries it: a full-history answer is mostly samples written before. Any
 * other list is written element by element, as Jackson would.
 */
@RegisterForReflection
public final class StatsListSerializer extends StdSerializer<List<ContainerStats>> {

    @SuppressWarnings({"unchecked", "rawtypes"})
    public StatsListSerializer() {
        super((Class) List.class);
    }

    @Override
    public void serialize(List<ContainerStats> value, JsonGenerator gen, SerializerProvider provider)
            throws IOException {
        ObjectCodec codec = gen.getCodec();
        if (!(value instanceof SampleJsonMemo memo) || !(codec instanceof ObjectMapper mapper)) {
            gen.writeStartArray(value, value.size());
            for (ContainerStats s : value) {
                provider.defaultSerializeValue(s, gen);
            }
            gen.writeEndArray();
            return;
        }
        gen.writeStartArray(value, value.size());
        for (int i = 0; i < value.size(); i++) {
            RawJson json = memo.json(i);
            if (json == null) {
                json = new RawJson(mapper.writeValueAsBytes(value.get(i)));
                memo.json(i, json);
            }
            gen.writeRawValue(json);
        }
        gen.writeEndArray();
    }
}
