package io.jenkins.plugins.finetune.client;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.apache.hc.client5.http.ConnectTimeoutException;

/**
 * Tokens of the managed identity of the machine this runs on (in Jenkins: the build agent), from the endpoint
 * Azure puts there: the instance metadata service (IMDS) of an Azure VM or scale set, or the
 * {@code IDENTITY_ENDPOINT} of App Service, Container Instances and Functions. No secret is configured: the
 * endpoint answers only on that machine. Use it with {@link BearerTokenCredential}, which caches the token.
 *
 * <pre>{@code
 * AccessTokenSource source = ManagedIdentityTokenSource.fromEnvironment(System.getenv(), null);
 * FineTuningClient client = FineTuningClient.builder().endpoint(url)
 *         .credential(new BearerTokenCredential(source)).build();
 * }</pre>
 *
 * <p>Requests go directly, never through a proxy, with short timeouts, and are retried as Azure's IMDS guidance
 * says: 404, 408, 429 and 5xx with exponential backoff ({@link Builder#maxRetries}, from
 * {@link Builder#baseRetryDelay}); 410 (IMDS being updated, back within 70 s) every ten base delays, up to seven
 * times. A refused connection is not retried: nothing listens there. Failures are {@link ManagedIdentityException}s.
 * Immutable and thread-safe; neither the token nor the {@code IDENTITY_HEADER} value appears in a message or in
 * {@code toString()}.
 */
public final class ManagedIdentityTokenSource implements AccessTokenSource {

    /** A token answer is a few kilobytes; anything much larger is not one. */
    static final int MAX_BODY_BYTES = 256 * 1024;

    /** Where IMDS answers on every Azure VM, unless {@code AZURE_POD_IDENTITY_AUTHORITY_HOST} says otherwise. */
    public static final String DEFAULT_IMDS_AUTHORITY_HOST = "http://169.254.169.254";

    /** A 410 means IMDS is being updated and is back within 70 s: wait ten base delays, seven times. */
    static final int GONE_RETRIES = 7;

    static final int GONE_DELAY_FACTOR = 10;

    /** A server asking to wait longer than this is not waited for. */
    static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(30);

    private final ManagedIdentityEndpoint endpoint;
    private final String clientId;
    private final Duration connectTimeout;
    private final Duration responseTimeout;
    private final int maxRetries;
    private final Duration baseRetryDelay;
    private final Clock clock;
    private final ManagedIdentityFailures failures;

    private ManagedIdentityTokenSource(Builder b) {
        this.endpoint = b.endpoint;
        this.clientId = b.clientId;
        this.connectTimeout = b.connectTimeout;
        this.responseTimeout = b.responseTimeout;
        this.maxRetries = b.maxRetries;
        this.baseRetryDelay = b.baseRetryDelay;
        this.clock = b.clock;
        this.failures = new ManagedIdentityFailures(endpoint, clientId);
    }

    /** The Azure VM / scale set variant: IMDS at {@link #DEFAULT_IMDS_AUTHORITY_HOST}. */
    public static Builder imds() {
        return new Builder(ManagedIdentityEndpoint.imds("imdsAuthorityHost", DEFAULT_IMDS_AUTHORITY_HOST));
    }

    /**
     * The App Service / Container Instances / Functions variant.
     *
     * @param identityEndpoint the platform's {@code IDENTITY_ENDPOINT}, e.g. {@code http://localhost:42356/msi/token}
     * @param identityHeader the platform's {@code IDENTITY_HEADER}, sent as {@code X-IDENTITY-HEADER}
     * @throws IllegalArgumentException naming the parameter when one is unusable
     */
    public static Builder appService(String identityEndpoint, String identityHeader) {
        return new Builder(ManagedIdentityEndpoint.appService(
                "identityEndpoint", identityEndpoint, "identityHeader", identityHeader));
    }

    /**
     * The variant the environment of this machine calls for, as azure-identity picks it: {@code IDENTITY_ENDPOINT}
     * with {@code IDENTITY_HEADER} for App Service, Container Instances and Functions; else IMDS, at
     * {@code AZURE_POD_IDENTITY_AUTHORITY_HOST} when that is set.
     *
     * @param env the environment, e.g. the agent's {@code System.getenv()}
     * @throws IllegalArgumentException naming the variable when one is unusable, or when the environment is that of
     *     a platform whose protocol this does not speak (Azure Arc, Cloud Shell, Service Fabric)
     */
    public static Builder builderFromEnvironment(Map<String, String> env) {
        Objects.requireNonNull(env, "env");
        if (nonBlank(env.get("IDENTITY_ENDPOINT")) != null) {
            if (nonBlank(env.get("IDENTITY_HEADER")) == null) {
                throw new IllegalArgumentException("IDENTITY_ENDPOINT: is set but IDENTITY_HEADER is not, as on Azure"
                        + " Arc or Cloud Shell, whose managed identity protocol is not supported; on an Azure VM,"
                        + " remove IDENTITY_ENDPOINT from the agent's environment, or choose another credential");
            }
            if (nonBlank(env.get("IDENTITY_SERVER_THUMBPRINT")) != null) {
                throw new IllegalArgumentException("IDENTITY_SERVER_THUMBPRINT: is set, as on Service Fabric, whose"
                        + " managed identity protocol is not supported; choose another credential");
            }
            return new Builder(ManagedIdentityEndpoint.appService(
                    "IDENTITY_ENDPOINT", env.get("IDENTITY_ENDPOINT"), "IDENTITY_HEADER", env.get("IDENTITY_HEADER")));
        }
        String host = nonBlank(env.get("AZURE_POD_IDENTITY_AUTHORITY_HOST"));
        return host == null
                ? imds()
                : new Builder(ManagedIdentityEndpoint.imds("AZURE_POD_IDENTITY_AUTHORITY_HOST", host));
    }

    /**
     * {@link #builderFromEnvironment} with the default timeouts and retries.
     *
     * @param clientId the client id of a user-assigned identity, or {@code null} (or blank) for the system-assigned
     *     one
     * @throws IllegalArgumentException naming the variable or {@code clientId} when one is unusable
     */
    public static ManagedIdentityTokenSource fromEnvironment(Map<String, String> env, String clientId) {
        return builderFromEnvironment(env).clientId(clientId).build();
    }

    /**
     * Asks the endpoint for a token for the resource of {@code scope}: {@code https://x/.default} is resource
     * {@code https://x}, as azure-identity maps it.
     *
     * @param scope e.g. {@link FoundryCredential#COGNITIVE_SERVICES_SCOPE}
     * @return the token and when it expires
     * @throws ManagedIdentityException when no token could be had
     * @throws FineTuningInterruptedException when the thread is interrupted (its flag is set again)
     */
    @Override
    public AccessToken getToken(String scope) {
        ExchangeRequest request = endpoint.request(resourceOf(scope), clientId, MAX_BODY_BYTES);
        long started = System.nanoTime();
        // Direct (no proxy: it would see the X-IDENTITY-HEADER secret and the token), no redirects, one connection
        // for the attempts of this request, then closed.
        HttpClientTransport transport = new HttpClientTransport(
                HttpOptions.builder()
                        .connectTimeout(connectTimeout)
                        .responseTimeout(responseTimeout)
                        .maxConnections(1)
                        .build(),
                null,
                UserAgent.of(null));
        try {
            for (int attempt = 1; ; attempt++) {
                throwIfInterrupted();
                ExchangeResponse answer;
                try {
                    answer = transport.exchange(request);
                } catch (FineTuningInterruptedException abandoned) {
                    throw failures.interrupted(); // the transport cancelled the request and set the flag again
                } catch (IOException noAnswer) {
                    throwIfInterrupted();
                    if (isConnectFailure(noAnswer)) {
                        throw failures.unreachable(noAnswer, connectTimeout);
                    }
                    if (attempt > maxRetries) {
                        throw failures.noAnswer(noAnswer, attempt, elapsedMillis(started));
                    }
                    sleep(backoffMillis(attempt));
                    continue;
                }
                if (answer.tooLarge()) {
                    throw failures.tooLarge();
                }
                if (answer.status() >= 200 && answer.status() < 300) {
                    return ManagedIdentityAnswers.token(answer.body(), endpoint.where(), clock);
                }
                long delay = retryDelayMillis(answer.status(), attempt, answer.retryAfterMillis());
                if (delay < 0) {
                    throw failures.refused(answer, attempt, elapsedMillis(started));
                }
                sleep(delay);
            }
        } finally {
            try {
                transport.close();
            } catch (IOException ignored) {
                // nothing is pending on it any more
            }
        }
    }

    /** The statuses Azure's IMDS guidance says to retry. */
    static boolean isTransient(int status) {
        return status == 404 || status == 408 || status == 410 || status == 429 || status >= 500;
    }

    /** The wait before the next attempt after this status, or -1 when there is to be none. */
    private long retryDelayMillis(int status, int attempt, long retryAfterMillis) {
        boolean gone = status == 410;
        int allowed = gone && maxRetries > 0 ? Math.max(maxRetries, GONE_RETRIES) : maxRetries;
        if (!isTransient(status) || attempt > allowed || retryAfterMillis > MAX_RETRY_AFTER.toMillis()) {
            return -1;
        }
        long backoff = gone ? baseRetryDelay.toMillis() * GONE_DELAY_FACTOR : backoffMillis(attempt);
        return Math.max(backoff, retryAfterMillis);
    }

    private long backoffMillis(int attempt) {
        return baseRetryDelay.toMillis() << Math.min(attempt - 1, 10);
    }

    private void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failures.interrupted();
        }
    }

    private void throwIfInterrupted() {
        if (Thread.currentThread().isInterrupted()) {
            throw failures.interrupted();
        }
    }

    /** Nothing listens there (or no route to it): another attempt a second later would find the same. */
    private static boolean isConnectFailure(IOException failure) {
        return failure instanceof ConnectException
                || failure instanceof ConnectTimeoutException
                || failure instanceof NoRouteToHostException
                || failure instanceof UnknownHostException;
    }

    private static long elapsedMillis(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }

    static String resourceOf(String scope) {
        if (scope == null || scope.isBlank()) {
            throw new IllegalArgumentException(
                    "scope: is required, e.g. " + FoundryCredential.COGNITIVE_SERVICES_SCOPE);
        }
        String trimmed = scope.trim();
        return trimmed.endsWith("/.default") ? trimmed.substring(0, trimmed.length() - "/.default".length()) : trimmed;
    }

    private static String nonBlank(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    @Override
    public String toString() {
        return "ManagedIdentityTokenSource[" + endpoint + ", clientId="
                + (clientId == null ? "none (system-assigned)" : clientId) + "]";
    }

    /** Builder; every setter validates and names the option it rejects. */
    public static final class Builder {
        private ManagedIdentityEndpoint endpoint;
        private String clientId;
        private Duration connectTimeout = Duration.ofSeconds(2);
        private Duration responseTimeout = Duration.ofSeconds(20);
        private int maxRetries = 3;
        private Duration baseRetryDelay = Duration.ofSeconds(1);
        private Clock clock = Clock.systemUTC();

        private Builder(ManagedIdentityEndpoint endpoint) {
            this.endpoint = endpoint;
        }

        /** The client id of a user-assigned identity; {@code null} or blank (the default): the system-assigned one. */
        public Builder clientId(String value) {
            String trimmed = nonBlank(value);
            if (trimmed != null && (trimmed.length() > 128 || trimmed.chars().anyMatch(Character::isISOControl))) {
                throw new IllegalArgumentException("clientId: must be the identity's Client ID (a GUID such as"
                        + " 00000000-0000-0000-0000-000000000000), without line breaks or control characters");
            }
            this.clientId = trimmed;
            return this;
        }

        /**
         * Where IMDS answers instead of {@link #DEFAULT_IMDS_AUTHORITY_HOST}, e.g. a local stand-in; the token path
         * is appended. For the IMDS variant only.
         */
        public Builder imdsAuthorityHost(String value) {
            if (!endpoint.isImds()) {
                throw new IllegalArgumentException(
                        "imdsAuthorityHost: applies to IMDS only, not to the IDENTITY_ENDPOINT variant");
            }
            this.endpoint = ManagedIdentityEndpoint.imds("imdsAuthorityHost", value);
            return this;
        }

        /** Time to connect; short, as the endpoint is on this machine. Default 2 s. */
        public Builder connectTimeout(Duration value) {
            this.connectTimeout = Durations.requirePositive("connectTimeout", value);
            return this;
        }

        /** Longest silence while waiting for the answer (IMDS may ask Entra ID first). Default 20 s. */
        public Builder responseTimeout(Duration value) {
            this.responseTimeout = Durations.requirePositive("responseTimeout", value);
            return this;
        }

        /** Retries after the first attempt for 404, 408, 429, 5xx and lost answers (410: seven). Default 3. */
        public Builder maxRetries(int value) {
            if (value < 0 || value > 10) {
                throw new IllegalArgumentException("maxRetries: must be between 0 and 10, got " + value);
            }
            this.maxRetries = value;
            return this;
        }

        /** First backoff delay, doubled on each retry: 1 s, 2 s, 4 s by default. */
        public Builder baseRetryDelay(Duration value) {
            this.baseRetryDelay = Durations.requirePositive("baseRetryDelay", value);
            return this;
        }

        /** For tests: the clock {@code expires_in} counts from. */
        Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /** @return the source, immutable; the builder may be reused */
        public ManagedIdentityTokenSource build() {
            return new ManagedIdentityTokenSource(this);
        }
    }
}
