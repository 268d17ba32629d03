package io.jcadvisor.api;

import io.jcadvisor.info.v2.ProcessInfo;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

import java.util.List;

/** Three fixed processes; enabled by {@link ApiTestProfile} only. */
@Alternative
@ApplicationScoped
public class FakeProcessLister implements ProcessLister {

    static ProcessInfo process(int pid, String cgroup) {
        return new ProcessInfo("root", pid, 1, "22:38", 0.5f, 0.1f, 4_194_304L, 8_388_608L, "S<Ll", "00:00:01",
                cgroup, "sh", 4, 0);
    }

    @Override
    public List<ProcessInfo> all() {
        return List.of(process(1, "/"), process(101, ApiFixture.DOCKER_NAME), process(102, ApiFixture.DOCKER_NAME));
    }

    @Override
    public List<ProcessInfo> of(List<Integer> pids) {
        return pids.stream().map(pid -> process(pid, "")).toList();
    }
}
