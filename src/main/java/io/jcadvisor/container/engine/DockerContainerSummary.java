package io.jcadvisor.container.engine;

import java.util.List;

/**
 * One entry of {@code GET /containers/json} (running containers).
 *
 * @param names names with Docker's leading {@code /}
 * @param state {@code running}, {@code exited}, …
 */
public record DockerContainerSummary(
        String id,
        List<String> names,
        String state) {
}
