package io.jcadvisor.machine;

import io.jcadvisor.info.v1.MachineInfo;

/** Reads machine info from the host now (cpuinfo, meminfo, sysfs topology, ids, disks, NICs). */
public interface MachineInfoSource {

    MachineInfo read();
}
