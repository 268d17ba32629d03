package io.jcadvisor.container.engine;

/**
 * One line of the {@code GET /events} stream. Older daemons put the container id in {@code id} and
 * the action in {@code status}; API 1.22+ adds {@code Action} and {@code Actor.ID}. Either is read
 * ({@link DockerJsonParser#event}).
 */
public record DockerEvent(
        String type,
        String status,
        String action,
        String id,
        Actor actor) {

    /** @param id the container's id ({@code Actor.ID}) */
    public record Actor(String id) {
    }

    /** {@code start}, {@code die}, {@code destroy}, … ({@code Action}, else {@code status}). */
    public String effectiveAction() {
        return action != null && !action.isEmpty() ? action : status == null ? "" : status;
    }

    /** The container id ({@code Actor.ID}, else {@code id}); empty when neither is set. */
    public String containerId() {
        if (actor != null && actor.id() != null && !actor.id().isEmpty()) {
            return actor.id();
        }
        return id == null ? "" : id;
    }
}
