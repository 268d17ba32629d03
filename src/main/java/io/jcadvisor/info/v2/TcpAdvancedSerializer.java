package io.jcadvisor.info.v2;

import com.fasterxml.jackson.core.JsonGenerator;
import io.jcadvisor.info.v1.RawJson;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.io.IOException;
import java.util.Map;

/**
 * Writes v2 {@code tcp_advanced}. Nearly always it is {@link NetworkStats#ZERO_TCP_ADVANCED} (upstream
 * never fills it in v2): that one is written as pre-rendered UTF-8 JSON ({@link RawJson}), because 99 map entries per
 * container were most of the work of {@code /api/v2.0/stats?recursive=true} at 1,000 containers. Any
 * other map is written entry by entry, the same text either way.
 */
@RegisterForReflection
public final class TcpAdvancedSerializer extends StdSerializer<Map<String, Long>> {

    private static final RawJson ZERO_JSON = RawJson.of(render(NetworkStats.ZERO_TCP_ADVANCED));

    @SuppressWarnings({"unchecked", "rawtypes"})
    public TcpAdvancedSerializer() {
        super((Class) Map.class);
    }

    @Override
    public void serialize(Map<String, Long> value, JsonGenerator gen, SerializerProvider provider) throws IOException {
        if (value == NetworkStats.ZERO_TCP_ADVANCED) {
            gen.writeRawValue(ZERO_JSON);
            return;
        }
        gen.writeStartObject();
        for (Map.Entry<String, Long> e : value.entrySet()) {
            if (e.getValue() == null) {
                gen.writeNullField(e.getKey());
            } else {
                gen.writeNumberField(e.getKey(), e.getValue());
            }
        }
        gen.writeEndObject();
    }

    /** The keys are upstream's Go field names: plain ASCII, nothing to escape. */
    private static String render(Map<String, Long> map) {
        StringBuilder json = new StringBuilder(map.size() * 16).append('{');
        for (Map.Entry<String, Long> e : map.entrySet()) {
            if (json.length() > 1) {
                json.append(',');
            }
            json.append('"').append(e.getKey()).append("\":").append(e.getValue());
        }
        return json.append('}').toString();
    }
}
