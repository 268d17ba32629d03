package io.jcadvisor.cgroup;

/** The container vanished while being read: its sample is lost, nothing else. */
public class ContainerGoneException extends Exception {

    public ContainerGoneException(String name) {
        // expected whenever a container ends between two reads: no stack trace to fill
        super("container \"" + name + "\" is gone", null, false, false);
    }
}
