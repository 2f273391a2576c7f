package io.jenkins.plugins.finetune.calls;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.model.Computer;
import hudson.remoting.ChannelClosedException;
import hudson.remoting.RequestAbortedException;
import hudson.remoting.VirtualChannel;
import io.jenkins.plugins.finetune.client.ExchangeRequest;
import io.jenkins.plugins.finetune.client.ExchangeResponse;
import io.jenkins.plugins.finetune.client.Transport;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import jenkins.model.Jenkins;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * Makes each exchange from an agent's JVM: the request (and the credential's header, for the call only) goes over
 * the agent's remoting channel as an {@link AgentExchange}, the answer comes back as plain data. The channel is
 * looked up by the node's name for every exchange, so a reconnected agent is used again; while the agent is away
 * an exchange fails like a connection that cannot be made, which waits ride out until their deadline.
 */
@Restricted(NoExternalUse.class)
final class AgentTransport implements Transport {

    private final AgentRoute route;
    private final AgentExchange.Settings settings;

    AgentTransport(@NonNull AgentRoute route, @NonNull AgentExchange.Settings settings) {
        this.route = route;
        this.settings = settings;
    }

    @Override
    public ExchangeResponse exchange(ExchangeRequest request) throws IOException {
        Computer computer = Jenkins.get().getComputer(route.node());
        VirtualChannel channel = computer == null ? null : computer.getChannel();
        if (channel == null) {
            throw new AgentUnavailableException(route.describe()
                    + (computer == null ? " does not exist (any more)" : " is not connected")
                    + ", and it makes this step's calls (callFrom: 'agent')");
        }
        try {
            return channel.call(AgentExchange.of(settings, route, request)).toResponse();
        } catch (RequestAbortedException | ChannelClosedException e) {
            // The agent went away while it made the call (remoting says so unchecked, or as a closed channel): as if
            // it had not been there, which waits ride out.
            AgentUnavailableException gone = new AgentUnavailableException(route.describe()
                    + " disconnected during the call, and it makes this step's calls (callFrom: 'agent')");
            gone.initCause(e);
            throw gone;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            InterruptedIOException interrupted =
                    new InterruptedIOException("interrupted while " + route.describe() + " made the call");
            interrupted.initCause(e);
            throw interrupted;
        }
    }

    @Override
    public String toString() {
        return "AgentTransport[" + route.describe() + "]";
    }

    /**
     * The agent cannot make the call now: offline, disconnected or removed. A {@link ConnectException}, since to the
     * client it is one (no connection to where the call is made): retried within the call's budget, transient after.
     */
    static final class AgentUnavailableException extends ConnectException {
        private static final long serialVersionUID = 1L;

        AgentUnavailableException(String message) {
            super(message);
        }
    }
}
