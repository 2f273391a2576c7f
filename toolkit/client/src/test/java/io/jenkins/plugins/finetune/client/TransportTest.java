package io.jenkins.plugins.finetune.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.jenkins.plugins.finetune.client.testing.ScriptedServer;
import io.jenkins.plugins.finetune.client.testing.ScriptedServer.Step;
import io.jenkins.plugins.finetune.client.testing.TestJobs;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The {@link Transport} seam: a caller's transport (in Jenkins, the one that makes each exchange from an agent)
 * receives every exchange the client makes, and its answers drive the client exactly as the built-in
 * {@link HttpClientTransport}'s do; retries, error mapping and messages stay in the client.
 */
@Timeout(15)
class TransportTest {

    private static final String ID = "ftjob-transport1";
    private static final String JOB = TestJobs.job(ID, "running");
    private static final String KEY = TestClients.API_KEY;

    private ScriptedServer server;
    private final TestClients.RecordingSleeper sleeper = new TestClients.RecordingSleeper();

    @BeforeEach
    void start() {
        server = ScriptedServer.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** Forwards to a real {@link HttpClientTransport} and records what it was handed. */
    private static final class RecordingTransport implements Transport {
        final List<ExchangeRequest> requests = new CopyOnWriteArrayList<>();
        final List<String> credentialValues = new CopyOnWriteArrayList<>();
        final HttpClientTransport http =
                HttpClientTransport.create(TestClients.fastOptions().build(), null, "transport-test/1");
        final AtomicBoolean closed = new AtomicBoolean();

        @Override
        public ExchangeResponse exchange(ExchangeRequest request) throws IOException {
            requests.add(request);
            credentialValues.add(request.credentialHeaderValue());
            return http.exchange(request);
        }

        @Override
        public void close() throws IOException {
            closed.set(true);
            http.close();
        }
    }

    /** Answers from a script, one {@link ExchangeResponse} (or failure) per exchange, without any network. */
    private static final class ScriptedTransport implements Transport {
        final Deque<Object> script = new ArrayDeque<>();
        final List<ExchangeRequest> requests = new CopyOnWriteArrayList<>();

        ScriptedTransport then(Object answerOrFailure) {
            script.add(answerOrFailure);
            return this;
        }

        @Override
        public ExchangeResponse exchange(ExchangeRequest request) throws IOException {
            requests.add(request);
            Object next = script.size() > 1 ? script.poll() : script.peek(); // the last one repeats
            if (next instanceof IOException failure) {
                throw failure;
            }
            return (ExchangeResponse) next;
        }
    }

    private static ExchangeResponse json(int status, String body, String requestId, long retryAfterMillis) {
        return new ExchangeResponse(
                status,
                requestId,
                null,
                retryAfterMillis,
                "application/json",
                body.getBytes(StandardCharsets.UTF_8),
                -1);
    }

    private static String azureError(String code, String message) {
        return "{\"error\":{\"code\":\"" + code + "\",\"message\":\"" + message + "\",\"type\":\"error\"}}";
    }

    private FineTuningClient throughTransport(Transport transport, HttpOptions options) {
        return FineTuningClient.builder()
                .endpoint(server.baseUrl())
                .credential(new ApiKeyCredential(KEY))
                .httpOptions(options)
                .transport(transport)
                .sleeper(sleeper)
                .build();
    }

    private FineTuningClient builtIn(HttpOptions options) {
        return FineTuningClient.builder()
                .endpoint(server.baseUrl())
                .credential(new ApiKeyCredential(KEY))
                .httpOptions(options)
                .sleeper(sleeper)
                .build();
    }

    @Test
    void theCallersTransportReceivesEachExchangeWithMethodUriAndCredentialHeader() throws IOException {
        server.enqueue(Step.json(200, JOB), Step.json(200, TestJobs.job(ID, "pausing")));
        RecordingTransport transport = new RecordingTransport();
        try (FineTuningClient client =
                throughTransport(transport, TestClients.fastOptions().build())) {
            assertThat(client.get(ID).status()).isEqualTo(JobStatus.RUNNING);
            assertThat(client.pause(ID).status().value()).isEqualTo("pausing");
        }
        assertThat(transport.closed).as("the client closes its transport").isTrue();

        assertThat(transport.requests).hasSize(2);
        ExchangeRequest get = transport.requests.get(0);
        assertThat(get.method()).isEqualTo("GET");
        assertThat(get.uri())
                .isEqualTo(URI.create(server.baseUrl() + "/openai/v1/fine_tuning/jobs/" + ID + "?api-version=v1"));
        assertThat(get.credentialHeaderName()).isEqualTo("api-key");
        assertThat(transport.credentialValues).containsExactly(KEY, KEY);
        assertThat(get.maxResponseBytes()).isEqualTo(HttpOptions.defaults().maxResponseBytes());
        ExchangeRequest pause = transport.requests.get(1);
        assertThat(pause.method()).isEqualTo("POST");
        assertThat(pause.uri().getPath()).isEqualTo("/openai/v1/fine_tuning/jobs/" + ID + "/pause");

        // What the transport sent on the wire: the header it was handed, and the transport's own User-Agent.
        ScriptedServer.Request wire = server.requests().get(1);
        assertThat(wire.method()).isEqualTo("POST");
        assertThat(wire.header("api-key")).isEqualTo(KEY);
        assertThat(wire.header("User-Agent")).startsWith("transport-test/1");
        assertThat(wire.header("Content-Length")).isEqualTo("0");
    }

    @Test
    void aBearerTokenIsProducedForTheTransportAsAnAuthorizationHeader() throws IOException {
        server.enqueue(Step.json(200, JOB));
        RecordingTransport transport = new RecordingTransport();
        try (FineTuningClient client = FineTuningClient.builder()
                .endpoint(server.baseUrl())
                .credential(new BearerTokenCredential(scope ->
                        new AccessToken("token-abc-123", java.time.Instant.now().plusSeconds(3600))))
                .httpOptions(TestClients.fastOptions().build())
                .transport(transport)
                .build()) {
            client.get(ID);
        }
        assertThat(transport.requests.get(0).credentialHeaderName()).isEqualTo("Authorization");
        assertThat(transport.credentialValues).containsExactly("Bearer token-abc-123");
        assertThat(server.lastRequest().header("Authorization")).isEqualTo("Bearer token-abc-123");
    }

    @Test
    void aTransportCredentialLeavesTheHeaderToTheTransport() throws IOException {
        server.enqueue(Step.json(200, JOB));
        List<ExchangeRequest> seen = new CopyOnWriteArrayList<>();
        HttpClientTransport http =
                HttpClientTransport.create(TestClients.fastOptions().build(), null, null);
        Transport addsItsOwnToken = request -> {
            seen.add(request);
            return http.exchange(request.withCredentialHeader("Authorization", "Bearer far-end-token"));
        };
        try (FineTuningClient client = FineTuningClient.builder()
                .endpoint(server.baseUrl())
                .credential(new TransportCredential("the managed identity of agent 'vnet-1'"))
                .httpOptions(TestClients.fastOptions().build())
                .transport(addsItsOwnToken)
                .build()) {
            assertThat(client.get(ID).id()).isEqualTo(ID);
        } finally {
            http.close();
        }
        assertThat(seen.get(0).credentialHeaderName()).isNull();
        assertThat(seen.get(0).credentialHeaderValue()).isNull();
        assertThat(server.lastRequest().header("Authorization")).isEqualTo("Bearer far-end-token");
    }

    @Test
    void aRejectedTransportCredentialNamesTheIdentityAndTheRole() {
        ScriptedTransport transport = new ScriptedTransport()
                .then(json(401, azureError("PermissionDenied", "Principal does not have access"), "rq-401", -1));
        FineTuningClient client = FineTuningClient.builder()
                .endpoint(server.baseUrl())
                .credential(new TransportCredential("the managed identity of agent 'vnet-1'"))
                .httpOptions(TestClients.fastOptions().build())
                .transport(transport)
                .build();
        try (client) {
            FineTuningApiException e = catchThrowableOfType(FineTuningApiException.class, () -> client.get(ID));
            assertThat(e.statusCode()).isEqualTo(401);
            assertThat(e.getMessage())
                    .contains("the managed identity of agent 'vnet-1'")
                    .contains("Cognitive Services OpenAI Contributor");
        }
    }

    @Test
    void anErrorAnswerIsMappedAsTheBuiltInTransportMapsIt() {
        String body = azureError("notFound", "The specified fine-tuning job was not found");
        server.enqueue(Step.json(404, body).header("apim-request-id", "rq-404"));
        FineTuningApiException builtIn;
        try (FineTuningClient client = builtIn(TestClients.fastOptions().build())) {
            builtIn = catchThrowableOfType(FineTuningApiException.class, () -> client.get(ID));
        }
        ScriptedTransport transport = new ScriptedTransport().then(json(404, body, "rq-404", -1));
        FineTuningApiException viaTransport;
        try (FineTuningClient client =
                throughTransport(transport, TestClients.fastOptions().build())) {
            viaTransport = catchThrowableOfType(FineTuningApiException.class, () -> client.get(ID));
        }
        assertThat(builtIn).isNotNull();
        assertThat(viaTransport).isNotNull().hasSameClassAs(builtIn);
        assertThat(viaTransport.statusCode()).isEqualTo(404);
        assertThat(viaTransport.errorCode()).isEqualTo("notFound");
        assertThat(viaTransport.requestId()).isEqualTo("rq-404");
        assertThat(viaTransport.getMessage()).isEqualTo(builtIn.getMessage());
        assertThat(transport.requests).hasSize(1);
    }

    @Test
    void a503SequenceIsRetriedUntilTheAnswer() {
        ScriptedTransport transport = new ScriptedTransport()
                .then(json(503, azureError("ServiceUnavailable", "Busy"), "rq-1", -1))
                .then(json(503, azureError("ServiceUnavailable", "Busy"), "rq-2", -1))
                .then(json(200, JOB, "rq-3", -1));
        try (FineTuningClient client =
                throughTransport(transport, TestClients.fastOptions().build())) {
            FineTuningResponse<FineTuningJob> response = client.getWithResponse(ID);
            assertThat(response.attempts()).isEqualTo(3);
            assertThat(response.requestId()).isEqualTo("rq-3");
            assertThat(response.value().id()).isEqualTo(ID);
        }
        assertThat(transport.requests).hasSize(3);
        assertThat(sleeper.delays).hasSize(2);
    }

    @Test
    void persistent503sEndAsTheBuiltInTransportEndsThem() {
        String body = azureError("ServiceUnavailable", "Busy");
        server.otherwise(Step.json(503, body));
        FineTuningApiException builtIn;
        try (FineTuningClient client =
                builtIn(TestClients.fastOptions().maxRetries(2).build())) {
            builtIn = catchThrowableOfType(FineTuningApiException.class, () -> client.get(ID));
        }
        ScriptedTransport transport = new ScriptedTransport().then(json(503, body, null, -1));
        FineTuningApiException viaTransport;
        try (FineTuningClient client = throughTransport(
                transport, TestClients.fastOptions().maxRetries(2).build())) {
            viaTransport = catchThrowableOfType(FineTuningApiException.class, () -> client.get(ID));
        }
        assertThat(server.requestCount()).isEqualTo(3);
        assertThat(transport.requests).hasSize(3);
        assertThat(viaTransport.statusCode()).isEqualTo(503);
        assertThat(viaTransport.isTransient()).isEqualTo(builtIn.isTransient());
        assertThat(viaTransport.getMessage()).isEqualTo(builtIn.getMessage()).contains("after 3 attempts");
    }

    @Test
    void theTransportsRetryAfterIsHonoured() {
        ScriptedTransport transport = new ScriptedTransport()
                .then(json(429, azureError("429", "slow down"), null, 1500))
                .then(json(200, JOB, null, -1));
        try (FineTuningClient client =
                throughTransport(transport, TestClients.fastOptions().build())) {
            assertThat(client.getWithResponse(ID).attempts()).isEqualTo(2);
        }
        assertThat(sleeper.delays).containsExactly(1500L);
    }

    @Test
    void aRetryAfterBeyondTheMaximumDelayIsNotWaitedFor() {
        ScriptedTransport transport =
                new ScriptedTransport().then(json(429, azureError("429", "slow down"), null, 60_000));
        try (FineTuningClient client =
                throughTransport(transport, TestClients.fastOptions().build())) {
            FineTuningApiException e = catchThrowableOfType(FineTuningApiException.class, () -> client.get(ID));
            assertThat(e.statusCode()).isEqualTo(429);
        }
        assertThat(transport.requests).hasSize(1);
        assertThat(sleeper.delays).isEmpty();
    }

    @Test
    void aTooLargeAnswerFailsAtOnceNamingItsSize() {
        ScriptedTransport transport = new ScriptedTransport()
                .then(new ExchangeResponse(200, "rq-big", null, -1, "application/json", new byte[0], 50_000_000));
        try (FineTuningClient client =
                throughTransport(transport, TestClients.fastOptions().build())) {
            FineTuningApiException e = catchThrowableOfType(FineTuningApiException.class, () -> client.get(ID));
            assertThat(e.getMessage())
                    .contains("was 50000000 bytes, over the limit of "
                            + HttpOptions.defaults().maxResponseBytes())
                    .contains("[request id rq-big]");
        }
        assertThat(transport.requests).as("a second answer would be as large").hasSize(1);
    }

    @Test
    void aTooLargeAnswerOfUnknownLengthSaysMoreThanTheLimit() {
        ScriptedTransport transport = new ScriptedTransport()
                .then(new ExchangeResponse(200, null, null, -1, "application/json", new byte[0], 0));
        try (FineTuningClient client = throughTransport(
                transport, TestClients.fastOptions().maxResponseBytes(1024).build())) {
            FineTuningApiException e = catchThrowableOfType(FineTuningApiException.class, () -> client.get(ID));
            assertThat(e.getMessage()).contains("was more than 1024 bytes, over the limit of 1024 bytes");
        }
    }

    @Test
    void aRetryableIOExceptionIsRetriedThenReportedNamingIt() {
        ScriptedTransport transport = new ScriptedTransport().then(new ConnectException("agent 'vnet-1' went away"));
        try (FineTuningClient client = throughTransport(
                transport, TestClients.fastOptions().maxRetries(2).build())) {
            FineTuningTransportException e =
                    catchThrowableOfType(FineTuningTransportException.class, () -> client.get(ID));
            assertThat(e.getMessage())
                    .contains("after 3 attempts")
                    .contains("ConnectException: agent 'vnet-1' went away")
                    .contains("GET /openai/v1/fine_tuning/jobs/" + ID);
            assertThat(e.getCause()).isInstanceOf(ConnectException.class);
            assertThat(e.isTransient()).isTrue();
        }
        assertThat(transport.requests).hasSize(3);
        assertThat(sleeper.delays).hasSize(2);
    }

    @Test
    void aRetryableIOExceptionThenAnAnswerSucceeds() {
        ScriptedTransport transport =
                new ScriptedTransport().then(new ConnectException("not yet")).then(json(200, JOB, "rq-ok", -1));
        try (FineTuningClient client =
                throughTransport(transport, TestClients.fastOptions().build())) {
            FineTuningResponse<FineTuningJob> response = client.getWithResponse(ID);
            assertThat(response.attempts()).isEqualTo(2);
            assertThat(response.requestId()).isEqualTo("rq-ok");
        }
    }

    /** Not a connection failure by its type (as an agent that is not connected reports it): one attempt. */
    @Test
    void aPlainIOExceptionIsReportedAtOnceNamingIt() {
        class AgentAway extends IOException {
            AgentAway() {
                super("agent 'vnet-1' is not connected");
            }
        }
        ScriptedTransport transport = new ScriptedTransport().then(new AgentAway());
        try (FineTuningClient client =
                throughTransport(transport, TestClients.fastOptions().build())) {
            FineTuningTransportException e =
                    catchThrowableOfType(FineTuningTransportException.class, () -> client.get(ID));
            assertThat(e.getMessage())
                    .contains("after 1 attempt ")
                    .contains("AgentAway: agent 'vnet-1' is not connected");
            assertThat(e.isTransient()).isTrue();
        }
        assertThat(transport.requests).hasSize(1);
    }

    @Test
    void theApiKeyNeverAppearsInATransportFailure() {
        ScriptedTransport transport = new ScriptedTransport().then(new ConnectException("refused; key was " + KEY));
        try (FineTuningClient client = throughTransport(
                transport, TestClients.fastOptions().maxRetries(0).build())) {
            FineTuningTransportException e =
                    catchThrowableOfType(FineTuningTransportException.class, () -> client.get(ID));
            assertThat(e.getMessage()).doesNotContain(KEY).contains("****");
        }
    }

    @Test
    void aTransportCredentialWithoutATransportIsRefusedNamingCredential() {
        assertThatThrownBy(() -> FineTuningClient.builder()
                        .endpoint(server.baseUrl())
                        .credential(new TransportCredential("the managed identity of agent 'vnet-1'"))
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("credential: ")
                .hasMessageContaining("the managed identity of agent 'vnet-1'")
                .hasMessageContaining("transport");
        assertThat(server.requestCount()).isZero();
    }

    @Test
    void aTransportTogetherWithAProxyIsRefused() {
        assertThatThrownBy(() -> TestClients.builder(server.baseUrl())
                        .transport(new ScriptedTransport().then(json(200, JOB, null, -1)))
                        .proxy(ProxyOptions.builder("proxy.example.com", 3128).build())
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("proxy: ")
                .hasMessageContaining("transport");
    }

    @Test
    void anExchangeRequestNeverShowsTheCredentialValue() {
        ExchangeRequest request = ExchangeRequest.of("POST", URI.create("https://r.openai.azure.com/x"), 1024)
                .withCredential(new ApiKeyCredential(KEY));
        assertThat(request.toString())
                .isEqualTo("POST https://r.openai.azure.com/x [api-key: ****]")
                .doesNotContain(KEY);
        ExchangeRequest carried = ExchangeRequest.of("GET", URI.create("https://r.openai.azure.com/y"), 1024)
                .withCredentialHeader("Authorization", "Bearer secret-token-987");
        assertThat(carried.toString()).doesNotContain("secret-token-987").contains("Authorization: ****");
        assertThat(carried.credentialHeaderValue()).isEqualTo("Bearer secret-token-987");
        assertThat(ExchangeRequest.of("GET", URI.create("https://r.openai.azure.com/z"), 1024)
                        .withCredential(new TransportCredential("the agent's identity"))
                        .toString())
                .isEqualTo("GET https://r.openai.azure.com/z");
    }

    @Test
    void anExchangeRequestRefusesWhatNoRouteSends() {
        URI uri = URI.create("https://r.openai.azure.com/x");
        assertThatThrownBy(() -> ExchangeRequest.of("DELETE", uri, 1024)).hasMessageStartingWith("method: ");
        assertThatThrownBy(() -> ExchangeRequest.of("GET", uri, 0)).hasMessageStartingWith("maxResponseBytes: ");
        assertThatThrownBy(() -> ExchangeRequest.of("GET", uri, 1).withCredentialHeader("api-key", null))
                .hasMessageStartingWith("credential header: ");
    }

    @Test
    void httpClientTransportUsedDirectlyAgainstALocalServer() throws IOException {
        server.enqueue(
                Step.json(200, JOB).header("apim-request-id", "rq-direct"),
                Step.azureError(429, "429", "slow down", null).header("Retry-After", "3"),
                Step.raw(302, "").header("Location", "https://elsewhere.example.com/"));
        try (HttpClientTransport transport =
                HttpClientTransport.create(TestClients.fastOptions().build(), null, "direct-test/2")) {
            URI uri = URI.create(server.baseUrl() + "/openai/v1/fine_tuning/jobs/" + ID + "?api-version=v1");
            ExchangeResponse ok =
                    transport.exchange(ExchangeRequest.of("GET", uri, 1 << 20).withCredentialHeader("api-key", KEY));
            assertThat(ok.status()).isEqualTo(200);
            assertThat(ok.requestId()).isEqualTo("rq-direct");
            assertThat(ok.contentType()).isEqualTo("application/json");
            assertThat(new String(ok.body(), StandardCharsets.UTF_8)).isEqualTo(JOB);
            assertThat(ok.tooLarge()).isFalse();
            assertThat(ok.retryAfterMillis()).isEqualTo(-1);

            ExchangeResponse throttled = transport.exchange(ExchangeRequest.of("POST", uri, 1 << 20));
            assertThat(throttled.status()).isEqualTo(429);
            assertThat(throttled.retryAfterMillis()).isEqualTo(3000);

            ExchangeResponse redirect = transport.exchange(ExchangeRequest.of("GET", uri, 1 << 20));
            assertThat(redirect.status()).as("redirects are not followed").isEqualTo(302);
            assertThat(redirect.location()).isEqualTo("https://elsewhere.example.com/");
        }
        List<ScriptedServer.Request> wire = server.requests();
        assertThat(wire).hasSize(3);
        assertThat(wire.get(0).header("api-key")).isEqualTo(KEY);
        assertThat(wire.get(0).header("Accept")).isEqualTo("application/json");
        assertThat(wire.get(0).header("User-Agent")).startsWith("direct-test/2");
        assertThat(wire.get(1).method()).isEqualTo("POST");
        assertThat(wire.get(1).header("api-key"))
                .as("no credential header: none sent")
                .isNull();
    }

    @Test
    void httpClientTransportReportsAnAnswerOverTheCapWithoutReadingIt() throws IOException {
        server.enqueue(Step.huge(4L << 20, true));
        try (HttpClientTransport transport =
                HttpClientTransport.create(TestClients.fastOptions().build(), null, null)) {
            ExchangeResponse big = transport.exchange(
                    ExchangeRequest.of("GET", URI.create(server.baseUrl() + "/openai/v1/fine_tuning/jobs"), 1024));
            assertThat(big.tooLarge()).isTrue();
            assertThat(big.tooLargeBytes()).isEqualTo(4L << 20);
            assertThat(big.body()).isEmpty();
        }
    }

    @Test
    void httpClientTransportRefusesAControlCharacterInTheUserAgent() {
        assertThatThrownBy(() -> HttpClientTransport.create(null, null, "bad\r\nX-Injected: 1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("userAgentSuffix: ");
    }
}
