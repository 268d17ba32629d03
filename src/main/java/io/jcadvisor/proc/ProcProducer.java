package io.jcadvisor.proc;

import io.jcadvisor.host.HostFacts;
import io.jcadvisor.host.HostFs;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.time.Clock;

/** Makes the per-process readers beans; they stay plain classes so tests build them on a fixture root. */
@ApplicationScoped
public class ProcProducer {

    @Produces
    @Singleton
    PidStatsReader pidStatsReader(HostFs hostFs) {
        return new PidStatsReader(hostFs);
    }

    @Produces
    @Singleton
    PsReader psReader(HostFs hostFs, HostFacts facts, Clock clock) {
        return new PsReader(hostFs, facts, clock);
    }
}
