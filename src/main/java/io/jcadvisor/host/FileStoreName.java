package io.jcadvisor.host;

/**
 * The filesystem a host path lives on, as the mount table names it.
 *
 * @param device    the mount source ({@code /dev/vda1}, {@code overlay})
 * @param blockSize the filesystem's block size in bytes
 */
public record FileStoreName(String device, long blockSize) {
}
