package io.jenkins.plugins.finetune.calls;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.util.Secret;
import io.jenkins.plugins.finetune.client.ExchangeRequest;
import io.jenkins.plugins.finetune.client.ExchangeResponse;
import java.io.IOException;
import java.io.Serial;
import java.io.Serializable;
import java.net.URI;
import jenkins.security.MasterToSlaveCallable;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * One exchange, run in the agent's JVM ({@link AgentSide} keeps its HTTP client and managed-identity tokens there).
 * The credential's header travels as a {@link Secret} inside this callable, over the agent's remoting channel, for
 * this one call: it is never written to the agent's disk nor logged, and {@code toString()} does not show it.
 */
@Restricted(NoExternalUse.class)
final class AgentExchange extends MasterToSlaveCallable<AgentExchange.Answer, IOException> {

    @Serial
    private static final long serialVersionUID = 1L;

    /** How the agent's HTTP client is built: the controller's timeouts (exchange deadline included) and User-Agent; the agent's own proxy. */
    record Settings(
            int connectTimeoutSeconds,
            int responseTimeoutSeconds,
            int exchangeTimeoutSeconds,
            @NonNull String userAgentSuffix)
            implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;
    }

    /**
     * The {@link ExchangeResponse} as it travels back: a class of the plugin's own, since Jenkins' class filter
     * admits what comes from an agent only from the plugin's (and core's) own code, not from a bundled library's jar.
     */
    record Answer(
            int status,
            String requestId,
            String location,
            long retryAfterMillis,
            String contentType,
            byte[] body,
            long tooLargeBytes,
            AgentFailure failure,
            String failureMessage,
            String failureType,
            StackTraceElement[] failureTrace)
            implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;

        static Answer of(ExchangeResponse response) {
            return new Answer(
                    response.status(),
                    response.requestId(),
                    response.location(),
                    response.retryAfterMillis(),
                    response.contentType(),
                    response.body(),
                    response.tooLargeBytes(),
                    null,
                    null,
                    null,
                    null);
        }

        /** No answer: what went wrong, as {@link AgentFailure} carries it back. */
        static Answer failed(Exception failure) {
            return new Answer(
                    0,
                    null,
                    null,
                    -1,
                    null,
                    new byte[0],
                    -1,
                    AgentFailure.of(failure),
                    failure.getMessage(),
                    failure.getClass().getSimpleName(),
                    failure.getStackTrace());
        }

        ExchangeResponse toResponse() throws IOException {
            if (failure != null) {
                Exception rebuilt = failure.rebuild(failureMessage, String.valueOf(failureType), failureTrace);
                if (rebuilt instanceof IOException io) {
                    throw io;
                }
                throw (RuntimeException) rebuilt;
            }
            return new ExchangeResponse(
                    status, requestId, location, retryAfterMillis, contentType, body, tooLargeBytes);
        }
    }

    private final Settings settings;
    private final AgentRoute route;
    private final String method;
    private final URI uri;
    private final long maxResponseBytes;
    private final String credentialHeaderName;
    private final Secret credentialHeaderValue;

    private AgentExchange(
            Settings settings,
            AgentRoute route,
            String method,
            URI uri,
            long maxResponseBytes,
            @CheckForNull String credentialHeaderName,
            @CheckForNull Secret credentialHeaderValue) {
        this.settings = settings;
        this.route = route;
        this.method = method;
        this.uri = uri;
        this.maxResponseBytes = maxResponseBytes;
        this.credentialHeaderName = credentialHeaderName;
        this.credentialHeaderValue = credentialHeaderValue;
    }

    static AgentExchange of(@NonNull Settings settings, @NonNull AgentRoute route, @NonNull ExchangeRequest request) {
        String header = request.credentialHeaderName();
        return new AgentExchange(
                settings,
                route,
                request.method(),
                request.uri(),
                request.maxResponseBytes(),
                header,
                header == null ? null : Secret.fromString(request.credentialHeaderValue()));
    }

    @Override
    public Answer call() {
        try {
            ExchangeRequest request = ExchangeRequest.of(method, uri, maxResponseBytes);
            if (credentialHeaderName != null && credentialHeaderValue != null) {
                request = request.withCredentialHeader(credentialHeaderName, credentialHeaderValue.getPlainText());
            } else if (route.managedIdentity()) {
                request = request.withCredential(AgentSide.managedIdentity(route)); // may ask the token endpoint
            }
            return Answer.of(AgentSide.transport(settings, uri.getScheme()).exchange(request));
        } catch (IOException | RuntimeException e) {
            return Answer.failed(e); // the kind travels back, not the (library) exception class
        }
    }

    @Override
    public String toString() {
        return "AgentExchange[" + method + " " + uri + " from " + route.describe() + "]";
    }
}
