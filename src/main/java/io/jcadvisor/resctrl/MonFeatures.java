package io.jcadvisor.resctrl;

/**
 * The monitoring events the host's resctrl offers ({@code /sys/fs/resctrl/info/L3_MON/mon_features},
 * one event name a line). Upstream reports memory bandwidth only with MBM and the cache list only
 * with CMT.
 *
 * @param mbmTotal     {@code mbm_total_bytes} listed
 * @param mbmLocal     {@code mbm_local_bytes} listed
 * @param llcOccupancy {@code llc_occupancy} listed (CMT)
 */
public record MonFeatures(boolean mbmTotal, boolean mbmLocal, boolean llcOccupancy) {

    public static final MonFeatures NONE = new MonFeatures(false, false, false);

    /** Memory Bandwidth Monitoring: either MBM event. */
    public boolean mbm() {
        return mbmTotal || mbmLocal;
    }

    /** Any event this agent reads. */
    public boolean any() {
        return mbm() || llcOccupancy;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        if (mbmTotal) {
            b.append("mbm_total_bytes ");
        }
        if (mbmLocal) {
            b.append("mbm_local_bytes ");
        }
        if (llcOccupancy) {
            b.append("llc_occupancy ");
        }
        return b.length() == 0 ? "none" : b.toString().trim();
    }
}
