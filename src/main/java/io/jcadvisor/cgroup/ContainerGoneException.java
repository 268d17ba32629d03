package io.jcadvisor.cgroup;

/** The container vanished while being read: its sample is lost, nothing else. */
public class ContainerGoneException extends Exception {

    public ContainerGoneException(String name) {
        super("container \"" + name + "\" is gone");
    }
}
