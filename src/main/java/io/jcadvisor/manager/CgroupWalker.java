package io.jcadvisor.manager;

import io.jcadvisor.host.HostFs;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The global walk of discovery ({@code docs/data-sources.md} §7.1 step 2): every directory below each
 * hierarchy root, named by its path relative to the root, union over the roots, {@code /} always
 * included.
 */
final class CgroupWalker {

    private CgroupWalker() {
    }

    /** Container names of the cgroups present now, sorted. */
    static SortedSet<String> walk(HostFs hostFs, List<String> roots) {
        SortedSet<String> names = new TreeSet<>();
        names.add("/");
        for (String root : roots) {
            Deque<String> pending = new ArrayDeque<>();
            pending.push("/");
            while (!pending.isEmpty()) {
                String name = pending.pop();
                for (String child : hostFs.listDirectoriesUnlessLeaf(hostPath(root, name))) {
                    String childName = childName(name, child);
                    names.add(childName);
                    pending.push(childName);
                }
            }
        }
        return names;
    }

    /** Host path of container {@code name} under hierarchy {@code root}. */
    static String hostPath(String root, String name) {
        String base = root.endsWith("/") && root.length() > 1 ? root.substring(0, root.length() - 1) : root;
        if (name.equals("/")) {
            return base;
        }
        return base.equals("/") ? name : base + name;
    }

    /** The name of directory {@code child} of container {@code parent}. */
    static String childName(String parent, String child) {
        return parent.equals("/") ? "/" + child : parent + "/" + child;
    }

    /** The parent container's name; {@code /} for a top-level one, null for {@code /}. */
    static String parentName(String name) {
        if (name.equals("/")) {
            return null;
        }
        int slash = name.lastIndexOf('/');
        return slash <= 0 ? "/" : name.substring(0, slash);
    }
}
