package io.jenkins.plugins.finetune.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.finetune.client.testing.ScriptedServer;
import io.jenkins.plugins.finetune.client.testing.ScriptedServer.Step;
import io.jenkins.plugins.finetune.client.testing.TestJobs;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A tarpit (response headers, then one byte of the body every second) never trips the response timeout, since
 * bytes keep coming: the exchange timeout bounds each attempt, and the retry budget still bounds the call.
 */
@Timeout(60)
class ExchangeTimeoutTest {

    private static final Step TARPIT = Step.trickle(TestJobs.job("ftjob-slow", "running"), 1, Duration.ofSeconds(1));

    private ScriptedServer server;

    @BeforeEach
    void start() {
        server = ScriptedServer.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private FineTuningClient client(HttpOptions.Builder options) {
        return TestClients.builder(server.baseUrl())
                .httpOptions(options.build())
                .build();
    }

    /** The response timeout (3 s) is longer than the gap between bytes (1 s): only the exchange timeout can end it. */
    private static HttpOptions.Builder tarpitOptions() {
        return TestClients.fastOptions().responseTimeout(Duration.ofSeconds(3)).exchangeTimeout(Duration.ofSeconds(2));
    }

    @Test
    void aTricklingAnswerFailsAtTheExchangeTimeoutAsATransientNetworkFailure() {
        server.otherwise(TARPIT);
        long started = System.nanoTime();
        try (FineTuningClient client = client(tarpitOptions().maxRetries(0))) {
            assertThatThrownBy(() -> client.get("ftjob-slow"))
                    .isInstanceOf(FineTuningTransportException.class)
                    .hasMessageContaining("(GET /openai/v1/fine_tuning/jobs/ftjob-slow) after 1 attempt")
                    .hasMessageContaining("the exchange did not finish within 2 s (the exchange timeout)")
                    .hasCauseInstanceOf(ExchangeTimeoutException.class)
                    .satisfies(e ->
                            assertThat(((FineTuningException) e).isTransient()).isTrue());
        }
        long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
        assertThat(millis)
                .as("ended at the 2 s deadline, not when the body would end (~5 min)")
                .isBetween(1900L, 4000L);
        assertThat(server.requestCount()).isEqualTo(1);
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }

    @Test
    void eachAttemptHasItsOwnDeadlineAndTheRetriesStillApply() {
        server.otherwise(TARPIT);
        long started = System.nanoTime();
        try (FineTuningClient client = client(tarpitOptions().maxRetries(2))) {
            assertThatThrownBy(() -> client.get("ftjob-slow"))
                    .isInstanceOf(FineTuningTransportException.class)
                    .hasMessageContaining("after 3 attempts")
                    .hasMessageContaining("did not finish within 2 s");
        }
        long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
        assertThat(server.requestCount()).isEqualTo(3);
        assertThat(millis).isBetween(5900L, 10_000L);
    }

    @Test
    void theRetryBudgetStopsRetryingTrickles() {
        server.otherwise(TARPIT);
        try (FineTuningClient client =
                client(tarpitOptions().maxRetries(10).maxRetryDuration(Duration.ofMillis(3500)))) {
            assertThatThrownBy(() -> client.get("ftjob-slow"))
                    .isInstanceOf(FineTuningTransportException.class)
                    .hasMessageContaining("after 2 attempts")
                    .hasMessageContaining("did not finish within 2 s");
        }
        assertThat(server.requestCount()).isEqualTo(2);
    }

    @Test
    void aTrickleThatFinishesInTimeIsAnsweredAndLeavesNoDeadlineBehind() {
        // 1 byte per 5 ms: a job body in about 2 s is within a 10 s exchange timeout
        server.otherwise(Step.trickle(TestJobs.job("ftjob-ok", "running"), 1, Duration.ofMillis(5)));
        try (FineTuningClient client = client(tarpitOptions().exchangeTimeout(Duration.ofSeconds(10)))) {
            assertThat(client.get("ftjob-ok").id()).isEqualTo("ftjob-ok");
        }
        assertThat(ExchangeDeadlines.SHARED.pending()).isZero();
    }

    @Test
    void anInterruptIsStillAnInterruptNotATimeout() throws InterruptedException {
        server.otherwise(TARPIT);
        try (FineTuningClient client = client(tarpitOptions().exchangeTimeout(Duration.ofSeconds(30)))) {
            InterruptTest.Outcome outcome =
                    InterruptTest.interruptWhen(() -> server.requestCount() > 0, () -> client.get("ftjob-slow"));
            assertThat(outcome.thrown()).isInstanceOf(FineTuningInterruptedException.class);
            assertThat(outcome.millisAfterInterrupt()).isLessThan(1000);
        }
    }

    @Test
    void theExchangeTimeoutMustBePositive() {
        assertThatThrownBy(() -> HttpOptions.builder().exchangeTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("exchangeTimeout: must be greater than zero, got 0 s");
        assertThat(HttpOptions.defaults().exchangeTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(HttpOptions.defaults().toBuilder().build().exchangeTimeout()).isEqualTo(Duration.ofMinutes(2));
    }
}
