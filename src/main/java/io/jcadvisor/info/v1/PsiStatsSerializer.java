package io.jcadvisor.info.v1;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.io.IOException;

/**
 * Writes {@link PsiStats}. On cgroup v1 every sample carries {@link PsiStats#ZERO} three times (cpu,
 * memory, diskio); that one is written as pre-rendered JSON, which spares ~30 property writes per
 * sample in answers of thousands of samples. Other values are written field by field: the same text.
 */
@RegisterForReflection
public final class PsiStatsSerializer extends StdSerializer<PsiStats> {

    private static final String ZERO_DATA = "{\"total\":0,\"avg10\":0.0,\"avg60\":0.0,\"avg300\":0.0}";
    private static final String ZERO_JSON = "{\"full\":" + ZERO_DATA + ",\"some\":" + ZERO_DATA + "}";

    public PsiStatsSerializer() {
        super(PsiStats.class);
    }

    @Override
    public void serialize(PsiStats value, JsonGenerator gen, SerializerProvider provider) throws IOException {
        if (value == PsiStats.ZERO) {
            gen.writeRawValue(ZERO_JSON);
            return;
        }
        gen.writeStartObject();
        writeData("full", value.full(), gen);
        writeData("some", value.some(), gen);
        gen.writeEndObject();
    }

    private static void writeData(String name, PsiData data, JsonGenerator gen) throws IOException {
        if (data == null) {
            gen.writeNullField(name);
            return;
        }
        gen.writeObjectFieldStart(name);
        gen.writeNumberField("total", data.total());
        gen.writeNumberField("avg10", data.avg10());
        gen.writeNumberField("avg60", data.avg60());
        gen.writeNumberField("avg300", data.avg300());
        gen.writeEndObject();
    }
}
