package io.jenkins.plugins.finetune.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.jenkins.plugins.finetune.client.testing.ScriptedServer;
import io.jenkins.plugins.finetune.client.testing.ScriptedServer.Step;
import io.jenkins.plugins.finetune.client.testing.TestJobs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every documented error status becomes a FineTuningApiException a user can act on. */
@Timeout(10)
class ErrorMappingTest {

    private static final String ID = "ftjob-err1";

    private ScriptedServer server;
    private FineTuningClient client;

    @BeforeEach
    void start() {
        server = ScriptedServer.start();
        client = TestClients.builder(server.baseUrl())
                .httpOptions(TestClients.fastOptions().maxRetries(0).build())
                .build();
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    @ParameterizedTest(name = "HTTP {0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "400 | invalidPayload  | Azure rejected the request: bad param | Could not read fine-tuning job 'ftjob-err1': HTTP 400 invalidPayload: Azure rejected the request: bad param (param p1).",
                "401 | 401             | Access denied due to invalid subscription key | Azure rejected the credential (HTTP 401: Access denied due to invalid subscription key (param p1)). Check that the key is one of the two keys of the resource at http://127.0.0.1",
                "403 | PermissionDenied | The principal lacks the required data action | the identity is not allowed to do this (HTTP 403 PermissionDenied",
                "404 | notFound        | The specified fine-tuning job was not found | not found (HTTP 404 notFound: The specified fine-tuning job was not found (param p1)). Check the job id, the endpoint http://127.0.0.1",
                "409 | conflict        | Conflict with the current state | Could not read fine-tuning job 'ftjob-err1': HTTP 409 conflict: Conflict with the current state (param p1).",
                "429 | 429             | Rate limit is exceeded | Azure is rate limiting requests (HTTP 429: Rate limit is exceeded (param p1)) and still was after 1 attempt; try again later",
                "500 | InternalServerError | The server had an error | Azure answered with a server error (HTTP 500 InternalServerError: The server had an error (param p1)) after 1 attempt",
                "502 | BadGateway      | Upstream failed | Azure answered with a server error (HTTP 502 BadGateway",
                "503 | ServiceUnavailable | Busy | Azure answered with a server error (HTTP 503 ServiceUnavailable: Busy",
                "504 | GatewayTimeout  | Upstream timed out | Azure answered with a server error (HTTP 504 GatewayTimeout",
            })
    void everyDocumentedStatusIsMapped(int status, String code, String message, String expectedFragment) {
        server.enqueue(Step.azureError(status, code, message, "p1")
                .header("apim-request-id", "apim-" + status)
                .header("x-request-id", "xr-" + status));
        FineTuningApiException e = catchThrowableOfType(FineTuningApiException.class, () -> client.get(ID));
        assertThat(e.statusCode()).isEqualTo(status);
        assertThat(e.errorCode()).isEqualTo(code);
        assertThat(e.errorMessage()).isEqualTo(message);
        assertThat(e.errorParam()).isEqualTo("p1");
        assertThat(e.requestId()).isEqualTo("apim-" + status);
        assertThat(e.jobStatus()).isNull();
        assertThat(e.isInvalidJobState()).isFalse();
        assertThat(e.getMessage())
                .startsWith("Could not read fine-tuning job 'ftjob-err1': ")
                .contains(expectedFragment)
                .endsWith(" [request id apim-" + status + "]");
        assertThat(e).isInstanceOf(FineTuningException.class);
        assertThat(server.requestCount()).isEqualTo(1);
    }

    @Test
    void forbiddenNamesTheRole() {
        server.enqueue(Step.azureError(403, "PermissionDenied", "no", null));
        FineTuningApiException e = catchThrowableOfType(FineTuningApiException.class, () -> client.pause(ID));
        assertThat(e.getMessage())
                .contains("'Cognitive Services OpenAI Contributor'")
                .contains("network rules");
        assertThat(e.errorParam()).isNull();
    }

    @Test
    void notFoundNamesEndpointAndApiVersion() {
        try (FineTuningClient dated = TestClients.builder(server.baseUrl())
                .apiVersion("2025-04-01-preview")
                .build()) {
            server.enqueue(Step.azureError(404, "notFound", "gone", null));
            FineTuningApiException e = catchThrowableOfType(FineTuningApiException.class, () -> dated.get(ID));
            assertThat(e.getMessage())
                    .contains("Check the job id, the endpoint " + server.baseUrl()
                            + " and the api-version '2025-04-01-preview'.");
        }
    }

    @Test
    void xRequestIdIsUsedWhenApimRequestIdIsMissing() {
        server.enqueue(Step.azureError(404, "notFound", "gone", null).header("x-request-id", "xr-only"));
        FineTuningApiException e = catchThrowableOfType(FineTuningApiException.class, () -> client.get(ID));
        assertThat(e.requestId()).isEqualTo("xr-only");
        assertThat(e.getMessage()).endsWith("[request id xr-only]");
    }

    @Test
    void noRequestIdMeansNoBracket() {
        server.enqueue(Step.azureError(404, "notFound", "gone", null));
        FineTuningApiException e = catchThrowableOfType(FineTuningApiException.class, () -> client.get(ID));
        assertThat(e.requestId()).isNull();
        assertThat(e.getMessage()).doesNotContain("request id");
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 409})
    void refusedPauseNamesTheJobsCurrentStatus(int status) {
        server.enqueue(
                Step.azureError(status, "invalidJobState", "Job is not running.", null)
                        .header("apim-request-id", "r-1"),
                Step.json(200, TestJobs.job(ID, "succeeded")));
        FineTuningApiException e = catchThrowableOfType(FineTuningApiException.class, () -> client.pause(ID));
        assertThat(e.statusCode()).isEqualTo(status);
        assertThat(e.jobStatus()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(e.isInvalidJobState()).isTrue();
        assertThat(e.getMessage())
                .isEqualTo("Could not pause fine-tuning job 'ftjob-err1': its status is 'succeeded' (HTTP " + status
                        + " invalidJobState: Job is not running.). [request id r-1]");
        assertThat(server.requests())
                .extracting(r -> r.method() + " " + r.path())
                .containsExactly(
                        "POST /openai/v1/fine_tuning/jobs/ftjob-err1/pause",
                        "GET /openai/v1/fine_tuning/jobs/ftjob-err1");
    }

    @Test
    void refusedChangeWithUnreadableJobStillFailsClearly() {
        server.enqueue(
                Step.azureError(400, "invalidJobState", "Job is not running.", null),
                Step.azureError(404, "notFound", "x", null));
        FineTuningApiException e = catchThrowableOfType(FineTuningApiException.class, () -> client.resume(ID));
        assertThat(e.statusCode()).isEqualTo(400);
        assertThat(e.jobStatus()).isNull();
        assertThat(e.isInvalidJobState()).isFalse();
        assertThat(e.getMessage())
                .startsWith(
                        "Could not resume fine-tuning job 'ftjob-err1': HTTP 400 invalidJobState: Job is not running.");
    }

    @Test
    void otherClientErrorsDoNotTriggerALookup() {
        server.enqueue(Step.azureError(401, "401", "denied", null));
        catchThrowableOfType(FineTuningApiException.class, () -> client.cancel(ID));
        assertThat(server.requestCount()).isEqualTo(1);
    }

    @Test
    void htmlErrorBodyIsDescribedNotDumped() {
        String html = "<html><body><h1>502 Bad Gateway</h1>" + "x".repeat(5000) + "</body></html>";
        server.enqueue(Step.raw(502, html).header("Content-Type", "text/html; charset=utf-8"));
        FineTuningApiException e = catchThrowableOfType(FineTuningApiException.class, () -> client.get(ID));
        assertThat(e.statusCode()).isEqualTo(502);
        assertThat(e.errorCode()).isNull();
        assertThat(e.errorMessage()).isNull();
        assertThat(e.getMessage())
                .contains("(HTTP 502, a text/html body of " + html.length() + " bytes)")
                .doesNotContain("<html>")
                .hasSizeLessThan(400);
    }

    @Test
    void emptyErrorBodyIsSaidToBeEmpty() {
        server.enqueue(Step.raw(401, ""));
        FineTuningApiException e = catchThrowableOfType(FineTuningApiException.class, () -> client.get(ID));
        assertThat(e.statusCode()).isEqualTo(401);
        assertThat(e.getMessage()).contains("Azure rejected the credential (HTTP 401, empty body)");
    }

    @Test
    void plainTextAndNonObjectJsonBodies() {
        server.enqueue(
                Step.raw(400, "Bad things"), Step.json(400, "[1,2]"), Step.json(400, "{\"error\":\"just a string\"}"));
        assertThat(catchThrowableOfType(FineTuningApiException.class, () -> client.get(ID))
                        .getMessage())
                .contains("HTTP 400, a unknown type body of 10 bytes");
        assertThat(catchThrowableOfType(FineTuningApiException.class, () -> client.get(ID))
                        .getMessage())
                .contains("HTTP 400, a application/json body of 5 bytes");
        assertThat(catchThrowableOfType(FineTuningApiException.class, () -> client.get(ID))
                        .errorMessage())
                .isNull();
    }

    @Test
    void apimErrorShapeIsRead() {
        server.enqueue(
                Step.json(401, "{\"statusCode\":401,\"message\":\"Access denied due to invalid subscription key.\"}"));
        FineTuningApiException e = catchThrowableOfType(FineTuningApiException.class, () -> client.get(ID));
        assertThat(e.errorMessage()).isEqualTo("Access denied due to invalid subscription key.");
        assertThat(e.getMessage()).contains("HTTP 401: Access denied due to invalid subscription key.");
    }

    @Test
    void controlCharactersAndFloodsInAzureMessagesAreTamed() {
        server.enqueue(
                Step.json(400, "{\"error\":{\"code\":\"c\",\"message\":\"line1\\nline2" + "y".repeat(2000) + "\"}}"));
        FineTuningApiException e = catchThrowableOfType(FineTuningApiException.class, () -> client.get(ID));
        assertThat(e.getMessage())
                .contains("line1\\u000aline2")
                .doesNotContain("\n")
                .hasSizeLessThan(800);
    }

    @Test
    void successWithMalformedJsonIsAnApiException() {
        server.enqueue(
                Step.json(200, "{\"id\":\"ftjob-"),
                Step.json(200, "{\"object\":\"fine_tuning.job\"}"),
                Step.raw(200, "<html>login page</html>").header("Content-Type", "text/html"));
        for (int i = 0; i < 3; i++) {
            FineTuningApiException e = catchThrowableOfType(FineTuningApiException.class, () -> client.pause(ID));
            assertThat(e.statusCode()).isEqualTo(200);
            assertThat(e.getMessage())
                    .startsWith(
                            "Could not pause fine-tuning job 'ftjob-err1': Azure answered HTTP 200 but the body is not a fine_tuning.job JSON object")
                    .contains("Check that the endpoint points at an Azure AI Foundry resource");
        }
    }

    @Test
    void malformedListsAreApiExceptions() {
        server.enqueue(
                Step.json(200, "{\"object\":\"list\"}"), Step.json(200, "{\"data\":[1,2]}"), Step.json(200, "nope"));
        assertThat(catchThrowableOfType(FineTuningApiException.class, () -> client.listJobs(null, null))
                        .getMessage())
                .contains("the body is not a list object with a data array");
        assertThat(catchThrowableOfType(FineTuningApiException.class, () -> client.listJobs(null, null))
                        .getMessage())
                .contains("the body is not a list of JSON objects");
        assertThat(catchThrowableOfType(FineTuningApiException.class, () -> client.listEvents(ID, null, null))
                        .getMessage())
                .contains("Could not list events of fine-tuning job 'ftjob-err1'");
    }

    @ParameterizedTest
    @ValueSource(ints = {301, 302, 303, 307, 308})
    void redirectsAreNotFollowedAndNameTheHost(int status) {
        try (ScriptedServer other = ScriptedServer.start()) {
            other.otherwise(Step.json(200, TestJobs.job(ID, "pausing")));
            String location =
                    "http://localhost:" + other.port() + "/openai/v1/fine_tuning/jobs/" + ID + "/pause?api-version=v1";
            server.enqueue(Step.raw(status, "").header("Location", location));
            try (FineTuningClient retrying = TestClients.client(server.baseUrl())) {
                FineTuningApiException e = catchThrowableOfType(FineTuningApiException.class, () -> retrying.pause(ID));
                assertThat(e.statusCode()).isEqualTo(status);
                assertThat(e.getMessage())
                        .contains("the endpoint answered with a redirect (HTTP " + status + ") to host localhost")
                        .contains("Redirects are not followed");
            }
            assertThat(other.requestCount()).isZero();
            assertThat(other.connectionCount()).isZero();
            assertThat(server.requestCount()).isEqualTo(1);
        }
    }

    @Test
    void redirectWithoutLocationStillExplains() {
        server.enqueue(Step.raw(302, ""));
        FineTuningApiException e = catchThrowableOfType(FineTuningApiException.class, () -> client.get(ID));
        assertThat(e.getMessage()).contains("redirect (HTTP 302). Redirects are not followed");
    }
}
