package io.jcadvisor.manager;

/** No tracked container by that name or alias; the API answers 404 naming it. */
public class ContainerNotFoundException extends Exception {

    public ContainerNotFoundException(String message) {
        // An answer, not a fault: no stack trace to fill, which a client polling for a container not yet
        // known (a deployment waiting for its pod) would otherwise pay on every request.
        super(message, null, false, false);
    }
}
