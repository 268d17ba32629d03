package io.jcadvisor.validate;

import io.jcadvisor.container.ValidateResult;
import io.jcadvisor.container.ValidateSection;
import io.jcadvisor.container.ValidateStatus;
import io.jcadvisor.oom.OomWatcher;
import io.jcadvisor.proc.PidStatsReader;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code /validate/}'s "Privileges" section: what the agent could not read for lack of a privilege,
 * as a container with fewer capabilities than the README's meets it (README, "Capabilities"): the
 * kernel log for OOM events ({@code CAP_SYSLOG} and the device), other users' {@code /proc/<pid>/fd}
 * ({@code CAP_DAC_READ_SEARCH}). Runtime sockets that refuse the agent show in their runtime's section.
 */
@ApplicationScoped
public class PrivilegeReport implements ValidateSection {

    private final OomWatcher oomWatcher;
    private final PidStatsReader pidStats;

    public PrivilegeReport(OomWatcher oomWatcher, PidStatsReader pidStats) {
        this.oomWatcher = oomWatcher;
        this.pidStats = pidStats;
    }

    /** After the runtimes' sections. */
    @Override
    public int order() {
        return 1000;
    }

    @Override
    public ValidateResult check() {
        List<String> lines = new ArrayList<>();
        Optional<String> oomOff = oomWatcher.offBecause();
        lines.add(oomOff.map(why -> "OOM events are off: " + why
                + ". Reading the kernel log needs CAP_SYSLOG and access to the device; OOM counts come from"
                + " the cgroups' own oom_kill counters.")
                .orElse("OOM events: reading " + oomWatcher.kmsgPath() + "."));
        long unreadable = pidStats.unreadableFdDirsSeen();
        if (unreadable > 0) {
            lines.add("Open fd counts leave out processes whose /proc/<pid>/fd cannot be listed (up to "
                    + unreadable + " in one container): another user's, readable with CAP_DAC_READ_SEARCH.");
        }
        boolean degraded = oomOff.isPresent() || unreadable > 0;
        return ValidateResult.of("Privileges", degraded ? ValidateStatus.SUPPORTED : ValidateStatus.RECOMMENDED,
                lines.toArray(String[]::new));
    }
}
