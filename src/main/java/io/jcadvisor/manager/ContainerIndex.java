package io.jcadvisor.manager;

import io.jcadvisor.info.v1.ContainerReference;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The tracked containers by name, with an index of names by parent, kept together so listing a
 * container's children does not scan every container (v1 {@code subcontainers} of {@code /} asks once
 * per container, which was quadratic at 1,000 containers). Safe for concurrent reads; the manager adds
 * and removes under its discovery lock.
 */
final class ContainerIndex {

    private static final String ROOT = "/";

    private final ConcurrentHashMap<String, ContainerData> byName = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Set<String>> childNames = new ConcurrentHashMap<>();

    /** {@code ""} is {@code /}; a trailing slash is dropped ({@code /docker/} = {@code /docker}). */
    static String normalize(String name) {
        if (name == null || name.isEmpty()) {
            return ROOT;
        }
        String n = name.charAt(0) == '/' ? name : "/" + name;
        while (n.length() > 1 && n.endsWith("/")) {
            n = n.substring(0, n.length() - 1);
        }
        return n;
    }

    ContainerData get(String name) {
        return byName.get(name);
    }

    boolean contains(String name) {
        return byName.containsKey(name);
    }

    int size() {
        return byName.size();
    }

    /** A live view: iteration sees the containers present as it goes. */
    Collection<ContainerData> all() {
        return byName.values();
    }

    Set<String> names() {
        return new HashSet<>(byName.keySet());
    }

    void add(ContainerData data) {
        byName.put(data.name(), data);
        String parentName = CgroupWalker.parentName(data.name());
        if (parentName != null) {
            childNames.compute(parentName, (parent, names) -> {
                Set<String> set = names != null ? names : ConcurrentHashMap.newKeySet();
                set.add(data.name());
                return set;
            });
        }
    }

    /** Removes and returns the container; null when it was not tracked. */
    ContainerData remove(String name) {
        ContainerData data = byName.remove(name);
        if (data != null) {
            childNames.computeIfPresent(CgroupWalker.parentName(name), (parent, names) -> {
                names.remove(name);
                return names.isEmpty() ? null : names;
            });
        }
        return data;
    }

    void clear() {
        byName.clear();
        childNames.clear();
    }

    /** Direct children of {@code name}, in no order. */
    List<ContainerData> children(String name) {
        Set<String> names = childNames.getOrDefault(name, Set.of());
        List<ContainerData> found = new ArrayList<>(names.size());
        for (String child : names) {
            ContainerData data = byName.get(child);
            if (data != null) {
                found.add(data);
            }
        }
        return found;
    }

    /** {@code name} and every descendant, in no order. */
    List<ContainerData> subtree(String name) {
        String prefix = name.equals(ROOT) ? ROOT : name + "/";
        List<ContainerData> found = new ArrayList<>();
        for (ContainerData data : byName.values()) {
            if (data.name().equals(name) || data.name().startsWith(prefix)) {
                found.add(data);
            }
        }
        return found;
    }

    /** The containers of a runtime namespace ({@code docker}), in no order. */
    List<ContainerData> inNamespace(String namespace) {
        List<ContainerData> found = new ArrayList<>();
        for (ContainerData data : byName.values()) {
            if (namespace.equals(data.handler().reference().namespace())) {
                found.add(data);
            }
        }
        return found;
    }

    /**
     * A container of a namespace by id or alias: an exact match first, then a unique prefix.
     *
     * @throws ContainerNotFoundException none matches, or the prefix is not unique (the message says which)
     */
    ContainerData byAlias(String namespace, String alias) throws ContainerNotFoundException {
        List<ContainerData> candidates = inNamespace(namespace);
        for (ContainerData data : candidates) {
            ContainerReference ref = data.handler().reference();
            if (alias.equals(ref.id()) || (ref.aliases() != null && ref.aliases().contains(alias))) {
                return data;
            }
        }
        Set<ContainerData> matches = new LinkedHashSet<>();
        for (ContainerData data : candidates) {
            ContainerReference ref = data.handler().reference();
            if (ref.id() != null && ref.id().startsWith(alias) || anyStartsWith(ref.aliases(), alias)) {
                matches.add(data);
            }
        }
        if (matches.size() == 1) {
            return matches.iterator().next();
        }
        if (matches.isEmpty()) {
            throw new ContainerNotFoundException("unknown " + namespace + " container \"" + alias + "\"");
        }
        throw new ContainerNotFoundException("\"" + alias + "\" matches " + matches.size() + " " + namespace
                + " containers, not a unique prefix");
    }

    // a loop, not a stream: a client polling for a container not yet known runs this for every container
    private static boolean anyStartsWith(List<String> aliases, String prefix) {
        if (aliases != null) {
            for (String alias : aliases) {
                if (alias.startsWith(prefix)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Parents that have children in the index (tests that check nothing is left after churn). */
    Set<String> indexedParents() {
        return new HashSet<>(childNames.keySet());
    }
}
