package io.jcadvisor.api;

import io.jcadvisor.info.v2.ProcessInfo;
import io.jcadvisor.proc.PsReader;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/** Answers {@code ps} from {@code /proc} under the host root, with the {@link PsReader}. */
@ApplicationScoped
public class ProcProcessLister implements ProcessLister {

    private final PsReader psReader;

    public ProcProcessLister(PsReader psReader) {
        this.psReader = psReader;
    }

    @Override
    public List<ProcessInfo> all() {
        return psReader.allProcesses();
    }

    @Override
    public List<ProcessInfo> of(List<Integer> pids) {
        return psReader.processes(pids);
    }
}
