package io.jcadvisor.web.secure;

import io.quarkus.runtime.configuration.ConfigurationException;

import java.util.Set;

/**
 * A web configuration file we cannot serve with: the message is one line naming the option, the file
 * and the key ({@code cadvisor.web.config-file /etc/web.yml: tls_server_config.foo: unknown key}).
 * A Quarkus {@link ConfigurationException}, so start-up stops with that line and no stack trace.
 */
public final class WebConfigException extends ConfigurationException {

    public WebConfigException(String message) {
        super(message, Set.of(WebConfigParser.OPTION));
    }
}
