package io.jenkins.plugins.finetune.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.jenkins.plugins.finetune.client.testing.ScriptedServer;
import io.jenkins.plugins.finetune.client.testing.ScriptedServer.Step;
import io.jenkins.plugins.finetune.client.testing.TestJobs;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Bearer tokens: cached until shortly before expiry, asked for with the right scope, failures typed. */
@Timeout(15)
class BearerTokenCredentialTest {

    /** A clock a test moves by hand. */
    static final class MutableClock extends Clock {
        volatile Instant now = Instant.parse("2025-06-01T12:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    /** Counts calls and hands out token-1, token-2, ... valid for an hour from the clock's now. */
    static final class CountingSource implements AccessTokenSource {
        final AtomicInteger calls = new AtomicInteger();
        final List<String> scopes = new CopyOnWriteArrayList<>();
        final Clock clock;

        CountingSource(Clock clock) {
            this.clock = clock;
        }

        @Override
        public AccessToken getToken(String scope) {
            scopes.add(scope);
            return new AccessToken(
                    "token-" + calls.incrementAndGet(), clock.instant().plus(Duration.ofHours(1)));
        }
    }

    @Test
    void oneTokenServesManyRequests() throws Exception {
        CountingSource source = new CountingSource(Clock.systemUTC());
        try (ScriptedServer server = ScriptedServer.start();
                FineTuningClient client = FineTuningClient.builder()
                        .endpoint(server.baseUrl())
                        .credential(new BearerTokenCredential(source))
                        .httpOptions(TestClients.fastOptions().build())
                        .build()) {
            server.otherwise(Step.json(200, TestJobs.job("ftjob-1", "running")));
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<FineTuningJob>> futures = new java.util.ArrayList<>();
                for (int i = 0; i < 40; i++) {
                    futures.add(pool.submit(() -> client.get("ftjob-1")));
                }
                for (Future<FineTuningJob> f : futures) {
                    f.get();
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(server.requestCount()).isEqualTo(40);
            assertThat(server.requests())
                    .allSatisfy(r -> assertThat(r.header("Authorization")).isEqualTo("Bearer token-1"));
        }
        assertThat(source.calls).hasValue(1);
        assertThat(source.scopes).containsExactly("https://cognitiveservices.azure.com/.default");
    }

    @Test
    void tokenIsRefreshedShortlyBeforeExpiry() {
        MutableClock clock = new MutableClock();
        CountingSource source = new CountingSource(clock);
        BearerTokenCredential credential = new BearerTokenCredential(source, "scope-x", Duration.ofMinutes(5), clock);
        assertThat(credential.headerValue()).isEqualTo("Bearer token-1");
        clock.now = clock.now.plus(Duration.ofMinutes(54));
        assertThat(credential.headerValue()).isEqualTo("Bearer token-1");
        clock.now = clock.now.plus(Duration.ofMinutes(1)); // exactly 5 minutes before expiry
        assertThat(credential.headerValue()).isEqualTo("Bearer token-2");
        assertThat(credential.headerValue()).isEqualTo("Bearer token-2");
        clock.now = clock.now.plus(Duration.ofHours(2)); // long expired
        assertThat(credential.headerValue()).isEqualTo("Bearer token-3");
        assertThat(source.calls).hasValue(3);
        assertThat(source.scopes).containsOnly("scope-x");
        assertThat(credential.secrets()).containsExactly("token-3");
    }

    @Test
    void alreadyExpiredTokenIsFetchedEveryTime() {
        MutableClock clock = new MutableClock();
        AtomicInteger calls = new AtomicInteger();
        BearerTokenCredential credential = new BearerTokenCredential(
                scope -> new AccessToken(
                        "t" + calls.incrementAndGet(), clock.instant().minusSeconds(1)),
                FoundryCredential.COGNITIVE_SERVICES_SCOPE,
                Duration.ZERO,
                clock);
        credential.headerValue();
        credential.headerValue();
        assertThat(calls).hasValue(2);
    }

    @Test
    void failingSourceGivesAnAuthenticationExceptionAndNoRequest() {
        String secret = "client-secret-SECRET-7f3a-do-not-print";
        AccessTokenSource failing = scope -> {
            throw new IllegalStateException("AADSTS7000215: Invalid client secret provided.");
        };
        try (ScriptedServer server = ScriptedServer.start();
                FineTuningClient client = FineTuningClient.builder()
                        .endpoint(server.baseUrl())
                        .credential(new BearerTokenCredential(failing))
                        .httpOptions(TestClients.fastOptions().build())
                        .build()) {
            FineTuningAuthenticationException e =
                    catchThrowableOfType(FineTuningAuthenticationException.class, () -> client.pause("ftjob-1"));
            assertThat(e.getMessage())
                    .startsWith("Could not obtain a Microsoft Entra ID token for scope "
                            + "https://cognitiveservices.azure.com/.default: IllegalStateException: AADSTS7000215")
                    .contains("Check the service principal or managed identity")
                    .doesNotContain(secret);
            assertThat(e.getCause()).isInstanceOf(IllegalStateException.class);
            assertThat(server.requestCount()).isZero();
        }
    }

    @Test
    void failedRefreshDoesNotPrintTheOldToken() {
        MutableClock clock = new MutableClock();
        String oldToken = "SECRET-7f3a-old-token-value";
        AtomicInteger calls = new AtomicInteger();
        BearerTokenCredential credential = new BearerTokenCredential(
                scope -> {
                    if (calls.incrementAndGet() == 1) {
                        return new AccessToken(oldToken, clock.instant().plusSeconds(600));
                    }
                    throw new IllegalStateException("refresh of " + oldToken + " refused");
                },
                "s",
                Duration.ofMinutes(5),
                clock);
        credential.headerValue();
        clock.now = clock.now.plusSeconds(400);
        FineTuningAuthenticationException e =
                catchThrowableOfType(FineTuningAuthenticationException.class, credential::headerValue);
        assertThat(e.getMessage()).doesNotContain(oldToken);
    }

    @Test
    void nullOrBlankTokensAreRefused() {
        BearerTokenCredential nullToken = new BearerTokenCredential(scope -> null);
        assertThatThrownBy(nullToken::headerValue)
                .isInstanceOf(FineTuningAuthenticationException.class)
                .hasMessageContaining("returned no token");
        assertThatThrownBy(() -> new AccessToken(" ", Instant.now())).hasMessageStartingWith("token: ");
        assertThatThrownBy(() -> new AccessToken(null, Instant.now())).hasMessageStartingWith("token: ");
        assertThatThrownBy(() -> new AccessToken("t", null)).isInstanceOf(NullPointerException.class);
        BearerTokenCredential blank = new BearerTokenCredential(scope -> new AccessToken(" ", Instant.now()));
        assertThatThrownBy(blank::headerValue).isInstanceOf(FineTuningAuthenticationException.class);
    }

    @Test
    void interruptedSourceIsAnInterruptedException() {
        BearerTokenCredential credential = new BearerTokenCredential(scope -> {
            throw new InterruptedException("stop");
        });
        try {
            assertThatThrownBy(credential::headerValue).isInstanceOf(FineTuningInterruptedException.class);
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void toStringsHideTheToken() {
        AccessToken token = new AccessToken("SECRET-7f3a-token", Instant.parse("2030-01-01T00:00:00Z"));
        assertThat(token.toString()).isEqualTo("AccessToken[****, expiresAt=2030-01-01T00:00:00Z]");
        assertThat(token.token()).isEqualTo("SECRET-7f3a-token");
        BearerTokenCredential credential = new BearerTokenCredential(scope -> token);
        credential.headerValue();
        assertThat(credential.toString())
                .isEqualTo("BearerTokenCredential[scope=https://cognitiveservices.azure.com/.default]");
        assertThat(new ApiKeyCredential("SECRET-7f3a-key").toString()).isEqualTo("ApiKeyCredential[****]");
        assertThatThrownBy(() -> new BearerTokenCredential(null)).isInstanceOf(NullPointerException.class);
    }
}
