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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import jenkins.model.Jenkins;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * Makes each exchange from an agent's JVM: the request (and the credential's header, for the call only) goes over
 * the agent's remoting channel as an {@link AgentExchange}, the answer comes back as plain data. The channel is
 * looked up by the node's name for every exchange, so a reconnected agent is used again; while the agent is away
 * an exchange fails like a connection that cannot be made, which waits ride out until their deadline. An agent that
 * does not answer within a bit more than the exchange timeout (a hung JVM) counts as away too: it holds the calling
 * thread no longer than that.
 */
@Restricted(NoExternalUse.class)
final class AgentTransport implements Transport {

    /** What an agent gets beyond the exchange timeout: its own managed-identity token, the channel's round trip. */
    static final long MARGIN_SECONDS = 10;

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
        long limitSeconds = answerLimitSeconds(settings);
        Future<AgentExchange.Answer> answer;
        try {
            answer = channel.callAsync(AgentExchange.of(settings, route, request));
        } catch (RequestAbortedException | ChannelClosedException e) {
            throw gone(e);
        }
        try {
            return answer.get(limitSeconds, TimeUnit.SECONDS).toResponse();
        } catch (TimeoutException e) {
            // A hung agent (stopped, swapping, its network gone quiet) holds no thread of ours past this: as if it
            // were away, which waits ride out until their own deadline.
            answer.cancel(true);
            AgentUnavailableException hung = new AgentUnavailableException(route.describe() + " did not answer within "
                    + limitSeconds + " s (the exchange timeout of " + settings.exchangeTimeoutSeconds()
                    + " s and a margin), and it makes this step's calls (callFrom: 'agent')");
            hung.initCause(e);
            throw hung;
        } catch (ExecutionException e) {
            throw failureOf(e.getCause());
        } catch (RequestAbortedException | ChannelClosedException e) {
            throw gone(e);
        } catch (InterruptedException e) {
            answer.cancel(true);
            Thread.currentThread().interrupt();
            InterruptedIOException interrupted =
                    new InterruptedIOException("interrupted while " + route.describe() + " made the call");
            interrupted.initCause(e);
            throw interrupted;
        }
    }

    /** How long the controller waits for the agent's answer: a bit longer than the agent's own exchange may take. */
    static long answerLimitSeconds(AgentExchange.Settings settings) {
        return settings.exchangeTimeoutSeconds() + MARGIN_SECONDS;
    }

    private IOException failureOf(Throwable cause) {
        if (cause instanceof RequestAbortedException || cause instanceof ChannelClosedException) {
            return gone((Exception) cause);
        }
        if (cause instanceof IOException io) {
            return io;
        }
        if (cause instanceof RuntimeException runtime) {
            throw runtime;
        }
        return new IOException(route.describe() + " could not make the call: " + cause, cause);
    }

    /**
     * The agent went away while it made the call (remoting says so unchecked, or as a closed channel): as if it had
     * not been there, which waits ride out.
     */
    private AgentUnavailableException gone(Exception e) {
        AgentUnavailableException gone = new AgentUnavailableException(
                route.describe() + " disconnected during the call, and it makes this step's calls (callFrom: 'agent')");
        gone.initCause(e);
        return gone;
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
