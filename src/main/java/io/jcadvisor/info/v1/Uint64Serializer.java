package io.jcadvisor.info.v1;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.io.IOException;

/**
 * Writes a Java {@code long} that holds a Go {@code uint64} as its unsigned decimal value, so
 * {@code max} (2^64-1, stored as -1) reads {@code 18446744073709551615} as upstream prints it.
 * Registered for reflection because Jackson instantiates it by its no-argument constructor.
 */
@RegisterForReflection
public final class Uint64Serializer extends StdSerializer<Long> {

    public Uint64Serializer() {
        super(Long.class);
    }

    @Override
    public void serialize(Long value, JsonGenerator gen, SerializerProvider provider) throws IOException {
        gen.writeNumber(Long.toUnsignedString(value));
    }
}
