package io.jcadvisor.info.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** TCP connection counts by state; keys are CamelCase as upstream's untagged Go fields. */
@RegisterForReflection
@JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
public record TcpStat(long established, long synSent, long synRecv, long finWait1, long finWait2, long timeWait,
        long close, long closeWait, long lastAck, long listen, long closing) {
    public static final TcpStat ZERO = new TcpStat(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
}
