package io.jcadvisor.container.containerd;

/**
 * containerd's {@code Version} answer.
 *
 * @param version  daemon version ({@code 1.6.20~ds1})
 * @param revision build revision
 */
public record ContainerdVersion(String version, String revision) {
}
