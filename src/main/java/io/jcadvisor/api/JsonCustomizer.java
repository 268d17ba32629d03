package io.jcadvisor.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.jcadvisor.info.v1.InstantSerializer;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

import java.time.Instant;

/** Adds the agent's own serializers to the application's ObjectMapper. */
@Singleton
public class JsonCustomizer implements ObjectMapperCustomizer {

    /** Last, after Quarkus has added the JSR-310 module, so this Instant serializer wins over its. */
    @Override
    public int priority() {
        return MINIMUM_PRIORITY;
    }

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.registerModule(new SimpleModule("jcadvisor").addSerializer(Instant.class, new InstantSerializer()));
    }
}
