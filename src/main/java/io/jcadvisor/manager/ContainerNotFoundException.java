package io.jcadvisor.manager;

/** No tracked container by that name or alias; the API answers 404 naming it. */
public class ContainerNotFoundException extends Exception {

    public ContainerNotFoundException(String message) {
        super(message);
    }
}
