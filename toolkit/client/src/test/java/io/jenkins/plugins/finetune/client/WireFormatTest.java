package io.jenkins.plugins.finetune.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.finetune.client.testing.ScriptedServer;
import io.jenkins.plugins.finetune.client.testing.ScriptedServer.Request;
import io.jenkins.plugins.finetune.client.testing.ScriptedServer.Step;
import io.jenkins.plugins.finetune.client.testing.TestJobs;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Exactly what goes on the wire for each operation: method, path, query, headers, body. */
@Timeout(10)
class WireFormatTest {

    private static final String ID = "ftjob-abc123";

    private ScriptedServer server;

    @BeforeEach
    void start() {
        server = ScriptedServer.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @ParameterizedTest(name = "{0} with api-version {1}")
    @CsvSource({
        "pause, v1, /openai/v1/fine_tuning/jobs/ftjob-abc123/pause?api-version=v1",
        "pause, preview, /openai/v1/fine_tuning/jobs/ftjob-abc123/pause?api-version=preview",
        "pause, 2025-04-01-preview, /openai/fine_tuning/jobs/ftjob-abc123/pause?api-version=2025-04-01-preview",
        "pause, 2024-10-21, /openai/fine_tuning/jobs/ftjob-abc123/pause?api-version=2024-10-21",
        "resume, v1, /openai/v1/fine_tuning/jobs/ftjob-abc123/resume?api-version=v1",
        "resume, 2025-04-01-preview, /openai/fine_tuning/jobs/ftjob-abc123/resume?api-version=2025-04-01-preview",
        "cancel, v1, /openai/v1/fine_tuning/jobs/ftjob-abc123/cancel?api-version=v1",
        "cancel, preview, /openai/v1/fine_tuning/jobs/ftjob-abc123/cancel?api-version=preview",
    })
    void stateChangesArePostsWithAnEmptyBody(String verb, String apiVersion, String expectedTarget) {
        server.enqueue(Step.json(200, TestJobs.job(ID, "pausing")).header("apim-request-id", "req-1"));
        try (FineTuningClient client =
                TestClients.builder(server.baseUrl()).apiVersion(apiVersion).build()) {
            FineTuningResponse<FineTuningJob> response =
                    switch (verb) {
                        case "pause" -> client.pauseWithResponse(ID);
                        case "resume" -> client.resumeWithResponse(ID);
                        default -> client.cancelWithResponse(ID);
                    };
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.requestId()).isEqualTo("req-1");
            assertThat(response.attempts()).isEqualTo(1);
            assertThat(response.value().id()).isEqualTo(ID);
        }
        Request request = server.lastRequest();
        assertThat(server.requestCount()).isEqualTo(1);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.pathAndQuery()).isEqualTo(expectedTarget);
        assertThat(request.headerValues("Content-Length")).containsExactly("0");
        assertThat(request.header("Transfer-Encoding")).isNull();
        assertThat(request.body()).isEmpty();
        assertThat(request.header("Content-Type")).isNull();
        assertCommonHeaders(request);
    }

    @Test
    void pauseReturnsTheParsedJob() {
        server.enqueue(Step.json(200, TestJobs.job(ID, "pausing")));
        try (FineTuningClient client = TestClients.client(server.baseUrl())) {
            FineTuningJob job = client.pause(ID);
            assertThat(job.id()).isEqualTo(ID);
            assertThat(job.status()).isEqualTo(JobStatus.PAUSING);
            assertThat(job.object()).isEqualTo("fine_tuning.job");
            assertThat(job.model()).isEqualTo("gpt-4o-mini-2024-07-18");
            assertThat(job.createdAt()).isEqualTo(Instant.ofEpochSecond(1717200000));
            assertThat(job.finishedAt()).isNull();
            assertThat(job.trainedTokens()).isEqualTo(12345L);
            assertThat(job.suffix()).isEqualTo("nightly");
            assertThat(job.metadata()).containsExactly(Map.entry("team", "ml"));
        }
    }

    @Test
    void getIsAGetWithoutBody() {
        server.enqueue(Step.json(200, TestJobs.job(ID, "running")).header("x-request-id", "xr-9"));
        try (FineTuningClient client = TestClients.client(server.baseUrl())) {
            FineTuningResponse<FineTuningJob> response = client.getWithResponse(ID);
            assertThat(response.requestId()).isEqualTo("xr-9");
            assertThat(response.value().status()).isEqualTo(JobStatus.RUNNING);
        }
        Request request = server.lastRequest();
        assertThat(request.method()).isEqualTo("GET");
        assertThat(request.pathAndQuery()).isEqualTo("/openai/v1/fine_tuning/jobs/ftjob-abc123?api-version=v1");
        assertThat(request.header("Content-Length")).isNull();
        assertThat(request.body()).isEmpty();
        assertCommonHeaders(request);
    }

    @Test
    void listJobsSendsAfterAndLimit() {
        server.enqueue(Step.json(200, TestJobs.list(true, "ftjob-2", "ftjob-1")), Step.json(200, TestJobs.list(false)));
        try (FineTuningClient client = TestClients.client(server.baseUrl())) {
            Page<FineTuningJob> page = client.listJobs("ftjob-9", 2);
            assertThat(page.hasMore()).isTrue();
            assertThat(page.data()).extracting(FineTuningJob::id).containsExactly("ftjob-2", "ftjob-1");
            Page<FineTuningJob> defaults = client.listJobs(null, null);
            assertThat(defaults.data()).isEmpty();
            assertThat(defaults.hasMore()).isFalse();
        }
        List<Request> requests = server.requests();
        assertThat(requests.get(0).method()).isEqualTo("GET");
        assertThat(requests.get(0).pathAndQuery())
                .isEqualTo("/openai/v1/fine_tuning/jobs?api-version=v1&after=ftjob-9&limit=2");
        assertThat(requests.get(1).pathAndQuery()).isEqualTo("/openai/v1/fine_tuning/jobs?api-version=v1");
    }

    @Test
    void listEventsUsesTheEventsRoute() {
        server.enqueue(Step.json(200, TestJobs.events(false, "ftevent-2", "ftevent-1")));
        try (FineTuningClient client = TestClients.builder(server.baseUrl())
                .apiVersion("2025-04-01-preview")
                .build()) {
            Page<FineTuningEvent> page = client.listEvents(ID, "ftevent-3", 50);
            assertThat(page.data()).extracting(FineTuningEvent::id).containsExactly("ftevent-2", "ftevent-1");
            FineTuningEvent event = page.data().get(0);
            assertThat(event.level()).isEqualTo("info");
            assertThat(event.type()).isEqualTo("message");
            assertThat(event.message()).contains("training loss");
            assertThat(event.createdAt()).isEqualTo(Instant.ofEpochSecond(1717200000));
            assertThat(event.toMap()).containsEntry("data", Map.of("step", 1));
            assertThat(event.toJson()).contains("\"object\":\"fine_tuning.job.event\"");
        }
        assertThat(server.lastRequest().pathAndQuery())
                .isEqualTo(
                        "/openai/fine_tuning/jobs/ftjob-abc123/events?api-version=2025-04-01-preview&after=ftevent-3&limit=50");
    }

    @Test
    void apiKeyIsSentAsApiKeyHeaderAndNeverAsAuthorization() {
        server.enqueue(Step.json(200, TestJobs.job(ID, "running")));
        try (FineTuningClient client = TestClients.client(server.baseUrl())) {
            client.get(ID);
        }
        Request request = server.lastRequest();
        assertThat(request.headerValues("api-key")).containsExactly(TestClients.API_KEY);
        assertThat(request.header("Authorization")).isNull();
        assertSecretOnlyIn(request, TestClients.API_KEY, "api-key");
    }

    @Test
    void bearerTokenIsSentAsAuthorizationAndNeverAsApiKey() {
        String token = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.test-token";
        server.enqueue(Step.json(200, TestJobs.job(ID, "running")));
        BearerTokenCredential credential = new BearerTokenCredential(
                scope -> new AccessToken(token, Instant.now().plusSeconds(3600)));
        try (FineTuningClient client = FineTuningClient.builder()
                .endpoint(server.baseUrl())
                .credential(credential)
                .httpOptions(TestClients.fastOptions().build())
                .build()) {
            client.get(ID);
        }
        Request request = server.lastRequest();
        assertThat(request.headerValues("Authorization")).containsExactly("Bearer " + token);
        assertThat(request.header("api-key")).isNull();
        assertSecretOnlyIn(request, token, "authorization");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"%s", "%s/", "%s/openai", "%s/openai/", "%s/openai/v1", "%s/openai/v1/", "%s/OpenAI/V1", "  %s  "
            })
    void endpointFormsAllLeadToTheSameRoute(String form) {
        server.enqueue(Step.json(200, TestJobs.job(ID, "pausing")));
        try (FineTuningClient client = TestClients.client(String.format(form, server.baseUrl()))) {
            assertThat(client.endpoint().baseUrl()).isEqualTo(server.baseUrl());
            client.pause(ID);
        }
        assertThat(server.lastRequest().pathAndQuery())
                .isEqualTo("/openai/v1/fine_tuning/jobs/ftjob-abc123/pause?api-version=v1");
    }

    @Test
    void endpointWithAPathPrefixKeepsIt() {
        server.enqueue(Step.json(200, TestJobs.job(ID, "pausing")));
        try (FineTuningClient client = TestClients.client(server.baseUrl() + "/gateway/openai")) {
            client.pause(ID);
        }
        assertThat(server.lastRequest().path()).isEqualTo("/gateway/openai/v1/fine_tuning/jobs/ftjob-abc123/pause");
    }

    @Test
    void userAgentSuffixComesFirst() {
        server.enqueue(Step.json(200, TestJobs.job(ID, "running")));
        try (FineTuningClient client = TestClients.builder(server.baseUrl())
                .userAgentSuffix("jenkins-foundry/1.2")
                .build()) {
            client.get(ID);
        }
        assertThat(server.lastRequest().header("User-Agent"))
                .startsWith("jenkins-foundry/1.2 foundry-fine-tuning-client/");
    }

    @Test
    void oneConnectionIsReusedAcrossRequests() {
        server.enqueue(
                Step.json(200, TestJobs.job(ID, "running")),
                Step.json(200, TestJobs.job(ID, "running")),
                Step.json(200, TestJobs.job(ID, "pausing")));
        try (FineTuningClient client = TestClients.client(server.baseUrl())) {
            client.get(ID);
            client.get(ID);
            client.pause(ID);
        }
        assertThat(server.requestCount()).isEqualTo(3);
        assertThat(server.connectionCount()).isEqualTo(1);
    }

    @Test
    void jobIdIsTrimmedBeforeUse() {
        server.enqueue(Step.json(200, TestJobs.job(ID, "running")));
        try (FineTuningClient client = TestClients.client(server.baseUrl())) {
            client.get("  " + ID + " ");
        }
        assertThat(server.lastRequest().path()).isEqualTo("/openai/v1/fine_tuning/jobs/ftjob-abc123");
    }

    private static void assertCommonHeaders(Request request) {
        assertThat(request.headerValues("Accept")).containsExactly("application/json");
        String version = UserAgent.version();
        assertThat(version).isNotBlank().isNotEqualTo("unknown").doesNotContain("${");
        assertThat(request.header("User-Agent"))
                .startsWith("foundry-fine-tuning-client/" + version + " (Java ")
                .matches("foundry-fine-tuning-client/\\d+\\.\\d+.*");
        assertThat(request.header("Host"))
                .isEqualTo("127.0.0.1:" + request.header("Host").split(":")[1]);
        assertThat(request.header("Cookie")).isNull();
    }

    /** The secret appears once, in the named header, and nowhere else on the wire. */
    private static void assertSecretOnlyIn(Request request, String secret, String headerName) {
        Function<String, Long> count = text -> (long) text.split(java.util.regex.Pattern.quote(secret), -1).length - 1;
        long total = request.headers().entrySet().stream()
                .flatMap(e -> e.getValue().stream().map(v -> Map.entry(e.getKey(), v)))
                .mapToLong(e -> {
                    long n = count.apply(e.getValue()) + count.apply(e.getKey());
                    if (n > 0) {
                        assertThat(e.getKey()).as("header carrying the secret").isEqualTo(headerName);
                    }
                    return n;
                })
                .sum();
        assertThat(total).isEqualTo(1);
        assertThat(request.target()).doesNotContain(secret);
        assertThat(request.bodyText()).doesNotContain(secret);
    }
}
