package io.jenkins.plugins.finetune.client;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Microsoft Entra ID authentication: {@code Authorization: Bearer <token>} for
 * {@link #COGNITIVE_SERVICES_SCOPE}. Tokens are cached and reused until shortly before they expire,
 * so a pipeline that makes many calls asks the identity provider once.
 */
public final class BearerTokenCredential extends FoundryCredential {

    /** Refresh this long before expiry, as azure-core does, so a token never expires mid-request. */
    public static final Duration DEFAULT_REFRESH_BEFORE_EXPIRY = Duration.ofMinutes(5);

    private final AccessTokenSource source;
    private final String scope;
    private final Duration refreshBefore;
    private final Clock clock;
    private AccessToken cached;

    public BearerTokenCredential(AccessTokenSource source) {
        this(source, COGNITIVE_SERVICES_SCOPE, DEFAULT_REFRESH_BEFORE_EXPIRY, Clock.systemUTC());
    }

    public BearerTokenCredential(AccessTokenSource source, String scope, Duration refreshBefore, Clock clock) {
        this.source = Objects.requireNonNull(source, "source");
        this.scope = Objects.requireNonNull(scope, "scope");
        this.refreshBefore = Objects.requireNonNull(refreshBefore, "refreshBefore");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    String headerName() {
        return "Authorization";
    }

    @Override
    String rejectionAdvice(FoundryEndpoint endpoint) {
        return "Check that the Microsoft Entra ID token has not expired, was issued for " + scope
                + " in the resource's tenant, and that its identity (service principal, managed identity or user)"
                + " has the 'Cognitive Services OpenAI Contributor' role on the resource at " + endpoint.baseUrl()
                + ".";
    }

    @Override
    String headerValue() {
        return "Bearer " + currentToken().token();
    }

    /** The cached token, fetched anew when missing or within {@code refreshBefore} of expiry. */
    synchronized AccessToken currentToken() {
        Instant now = clock.instant();
        if (cached == null || !now.isBefore(cached.expiresAt().minus(refreshBefore))) {
            AccessToken fresh;
            try {
                fresh = source.getToken(scope);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new FineTuningInterruptedException("interrupted while obtaining an Entra ID token");
            } catch (FineTuningException e) {
                throw e;
            } catch (Exception e) {
                // Scrubbed: a source may quote the token it failed to refresh.
                throw new FineTuningAuthenticationException(
                        HttpPipeline.scrub(
                                "Could not obtain a Microsoft Entra ID token for scope "
                                        + scope + ": " + e.getClass().getSimpleName()
                                        + (e.getMessage() == null ? "" : ": " + e.getMessage())
                                        + ". Check the service principal or managed identity and its access to the resource.",
                                secrets()),
                        e);
            }
            if (fresh == null) {
                throw new FineTuningAuthenticationException(
                        "The token source returned no token for scope " + scope, null);
            }
            cached = fresh;
        }
        return cached;
    }

    @Override
    synchronized List<String> secrets() {
        return cached == null ? List.of() : List.of(cached.token());
    }

    @Override
    public String toString() {
        return "BearerTokenCredential[scope=" + scope + "]";
    }
}
