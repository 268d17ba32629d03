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

/**
 * Upstream v1 {@code NetworkStats}: the first interface is inlined at the top level for backwards
 * compatibility, then the interface list and socket tables. {@code tcpAdvanced} holds the 99
 * counters of upstream {@code TcpAdvancedStat} in upstream order (CamelCase keys).
 */
@RegisterForReflection
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NetworkStats(
        String name, long rxBytes, long rxPackets, long rxErrors, long rxDropped,
        long txBytes, long txPackets, long txErrors, long txDropped,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<InterfaceStats> interfaces,
        TcpStat tcp,
        TcpStat tcp6,
        UdpStat udp,
        UdpStat udp6,
        Map<String, Long> tcpAdvanced) {

    /** Inlines the first interface as upstream does. */
    public static NetworkStats of(List<InterfaceStats> interfaces, TcpStat tcp, TcpStat tcp6, UdpStat udp,
            UdpStat udp6, Map<String, Long> tcpAdvanced) {
        if (interfaces.isEmpty()) {
            return new NetworkStats("", 0, 0, 0, 0, 0, 0, 0, 0, interfaces, tcp, tcp6, udp, udp6, tcpAdvanced);
        }
        InterfaceStats first = interfaces.get(0);
        return new NetworkStats(first.name(), first.rxBytes(), first.rxPackets(), first.rxErrors(),
                first.rxDropped(), first.txBytes(), first.txPackets(), first.txErrors(), first.txDropped(),
                interfaces, tcp, tcp6, udp, udp6, tcpAdvanced);
    }
}
