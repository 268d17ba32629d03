package io.jcadvisor.container;

import io.jcadvisor.cgroup.DeviceNamer;
import io.jcadvisor.machine.MachineDeviceNamer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * Gives the cgroup readers the machine's device names. {@code cgroup} and {@code machine} are
 * siblings in the layering (docs/architecture.md), so neither may import the other: the runtime
 * layer above both plugs {@link MachineDeviceNamer} into the {@link DeviceNamer} the readers take.
 */
@ApplicationScoped
public class MachineDevices {

    /** Every runtime's containers share the machine's namer, as upstream's handlers do. */
    @Produces
    @Singleton
    DeviceNamer deviceNamer(MachineDeviceNamer machine) {
        return machine::deviceName;
    }
}
