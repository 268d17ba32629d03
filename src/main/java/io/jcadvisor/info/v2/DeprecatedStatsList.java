package io.jcadvisor.info.v2;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.ObjectCodec;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import io.jcadvisor.info.v1.ContainerStats;
import io.jcadvisor.info.v1.RawJson;
import io.jcadvisor.info.v1.SampleJsonMemo;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.io.IOException;
import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;

/**
 * The samples of one container in v2.0's form ({@link V2Conversions#deprecatedStats}), read-only. An
 * element's JSON depends only on its v1 sample, the spec's {@code has_*} flags ({@code form}) and the
 * sample its {@code cpu_inst} was derived from ({@code previous}); when the v1 samples are the history's
 * ({@link SampleJsonMemo}), each element is serialized once per (form, previous) and its bytes reused.
 */
@RegisterForReflection
@JsonSerialize(using = DeprecatedStatsList.Writer.class)
public final class DeprecatedStatsList extends AbstractList<DeprecatedContainerStats> implements RandomAccess {

    private final List<DeprecatedContainerStats> converted;
    private final List<ContainerStats> samples;
    private final long form;
    private final ContainerStats[] previous;

    DeprecatedStatsList(List<DeprecatedContainerStats> converted, List<ContainerStats> samples, long form,
            ContainerStats[] previous) {
        this.converted = converted;
        this.samples = samples;
        this.form = form;
        this.previous = previous;
    }

    @Override
    public DeprecatedContainerStats get(int index) {
        return converted.get(index);
    }

    @Override
    public int size() {
        return converted.size();
    }

    /** Writes the list, reusing each element's JSON when the history has kept it for the same form. */
    @RegisterForReflection
    public static final class Writer extends StdSerializer<DeprecatedStatsList> {

        public Writer() {
            super(DeprecatedStatsList.class);
        }

        @Override
        public void serialize(DeprecatedStatsList value, JsonGenerator gen, SerializerProvider provider)
                throws IOException {
            ObjectCodec codec = gen.getCodec();
            gen.writeStartArray(value, value.size());
            if (!(value.samples instanceof SampleJsonMemo memo) || !(codec instanceof ObjectMapper mapper)) {
                for (DeprecatedContainerStats s : value.converted) {
                    provider.defaultSerializeValue(s, gen);
                }
            } else {
                for (int i = 0; i < value.size(); i++) {
                    RawJson json = memo.json(i, value.form, value.previous[i]);
                    if (json == null) {
                        json = new RawJson(mapper.writeValueAsBytes(value.converted.get(i)));
                        memo.json(i, value.form, value.previous[i], json);
                    }
                    gen.writeRawValue(json);
                }
            }
            gen.writeEndArray();
        }
    }
}
