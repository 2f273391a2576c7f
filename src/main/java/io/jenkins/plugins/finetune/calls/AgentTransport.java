package io.jenkins.plugins.finetune.calls;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.model.Computer;
import hudson.remoting.ChannelClosedException;
import hudson.remoting.RequestAbortedException;
import hudson.remoting.VirtualChannel;
import io.jenkins.plugins.finetune.Messages;
import io.jenkins.plugins.finetune.client.ExchangeRequest;
import io.jenkins.plugins.finetune.client.ExchangeResponse;
import io.jenkins.plugins.finetune.client.Transport;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
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

    /** Calls to one agent that may wait to be written to its channel before the next fails at once. */
    static final int MAX_UNSENT = 4;

    /** Per node: calls handed to its channel and not yet written (normally for microseconds). */
    private static final Map<String, AtomicInteger> UNSENT = new ConcurrentHashMap<>();

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
        long started = System.nanoTime();
        Future<AgentExchange.Answer> answer = send(channel, AgentExchange.of(settings, route, request), limitSeconds);
        long leftNanos = TimeUnit.SECONDS.toNanos(limitSeconds) - (System.nanoTime() - started);
        try {
            return answer.get(Math.max(0, leftNanos), TimeUnit.NANOSECONDS).toResponse();
        } catch (TimeoutException e) {
            cancel(answer);
            throw notAnswering(limitSeconds, e);
        } catch (ExecutionException e) {
            throw failureOf(e.getCause());
        } catch (RequestAbortedException | ChannelClosedException e) {
            throw gone(e);
        } catch (InterruptedException e) {
            cancel(answer);
            Thread.currentThread().interrupt();
            InterruptedIOException interrupted =
                    new InterruptedIOException(Messages.AgentTransport_InterruptedWhileCalling(route.describe()));
            interrupted.initCause(e);
            throw interrupted;
        }
    }

    /**
     * Hands the call to the agent's channel on Jenkins' remoting threads, waiting at most {@code limitSeconds}: the
     * channel writes synchronously, and to an agent that stopped reading (a hung JVM) a write blocks once the
     * connection's buffers are full, holding the channel's lock for every later call too. Such a write then holds a
     * remoting thread, never the caller's; and once {@value #MAX_UNSENT} calls to the agent wait to be written, the
     * next fails at once instead of adding a thread.
     */
    private Future<AgentExchange.Answer> send(VirtualChannel channel, AgentExchange exchange, long limitSeconds)
            throws IOException {
        AtomicInteger unsent = UNSENT.computeIfAbsent(route.node(), node -> new AtomicInteger());
        int waiting = unsent.incrementAndGet();
        if (waiting > MAX_UNSENT) {
            unsent.decrementAndGet();
            throw new AgentUnavailableException(Messages.AgentTransport_NotTakingCalls(route.describe(), waiting - 1));
        }
        CompletableFuture<Future<AgentExchange.Answer>> sent = new CompletableFuture<>();
        try {
            Computer.threadPoolForRemoting.execute(() -> {
                try {
                    sent.complete(channel.callAsync(exchange));
                } catch (IOException | RuntimeException e) {
                    sent.completeExceptionally(e);
                } finally {
                    unsent.decrementAndGet();
                }
            });
        } catch (RuntimeException rejected) {
            unsent.decrementAndGet();
            throw rejected;
        }
        try {
            return sent.get(limitSeconds, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            sent.thenAccept(this::cancel); // once it is written after all, the agent is told to drop it
            throw notAnswering(limitSeconds, e);
        } catch (ExecutionException e) {
            throw failureOf(e.getCause());
        } catch (InterruptedException e) {
            sent.thenAccept(this::cancel);
            Thread.currentThread().interrupt();
            InterruptedIOException interrupted =
                    new InterruptedIOException(Messages.AgentTransport_InterruptedWhileSending(route.describe()));
            interrupted.initCause(e);
            throw interrupted;
        }
    }

    /**
     * Tells the agent to stop the call, on a remoting thread (the cancel is a write to the channel too), unless
     * {@value #MAX_UNSENT} writes to it already wait: then its answer, if it ever comes, is dropped.
     */
    private void cancel(Future<AgentExchange.Answer> answer) {
        AtomicInteger unsent = UNSENT.computeIfAbsent(route.node(), node -> new AtomicInteger());
        if (unsent.incrementAndGet() > MAX_UNSENT) {
            unsent.decrementAndGet();
            return;
        }
        try {
            Computer.threadPoolForRemoting.execute(() -> {
                try {
                    answer.cancel(true);
                } finally {
                    unsent.decrementAndGet();
                }
            });
        } catch (RuntimeException rejected) {
            unsent.decrementAndGet(); // Jenkins is stopping: the channel goes with it
        }
    }

    /**
     * A hung agent (stopped, swapping, its network gone quiet) holds no thread of ours past the limit: as if it were
     * away, which waits ride out until their own deadline.
     */
    private AgentUnavailableException notAnswering(long limitSeconds, Exception e) {
        AgentUnavailableException hung = new AgentUnavailableException(Messages.AgentTransport_NotAnswering(
                route.describe(), limitSeconds, settings.exchangeTimeoutSeconds()));
        hung.initCause(e);
        return hung;
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
        return new IOException(Messages.AgentTransport_CouldNotCall(route.describe(), cause), cause);
    }

    /**
     * The agent went away while it made the call (remoting says so unchecked, or as a closed channel): as if it had
     * not been there, which waits ride out.
     */
    private AgentUnavailableException gone(Exception e) {
        AgentUnavailableException gone =
                new AgentUnavailableException(Messages.AgentTransport_Disconnected(route.describe()));
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
