package io.jenkins.plugins.finetune.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.finetune.client.bulk.BulkOperation;
import io.jenkins.plugins.finetune.client.bulk.BulkReport;
import io.jenkins.plugins.finetune.client.bulk.BulkRequest;
import io.jenkins.plugins.finetune.client.bulk.JobSelector;
import io.jenkins.plugins.finetune.client.ops.JobChange;
import io.jenkins.plugins.finetune.client.ops.JobChangeOperation;
import io.jenkins.plugins.finetune.client.ops.JobChangeRequest;
import io.jenkins.plugins.finetune.client.ops.JobChangeResult;
import io.jenkins.plugins.finetune.client.testing.ScriptedServer;
import io.jenkins.plugins.finetune.client.testing.ScriptedServer.Step;
import io.jenkins.plugins.finetune.client.testing.TestJobs;
import io.jenkins.plugins.finetune.emulator.FineTuningEmulator;
import io.jenkins.plugins.finetune.emulator.JobSeed;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs every scenario with a recognisable secret (an API key, or a bearer token) and scans every
 * exception (message, toString, stack trace, causes, suppressed), the toString() of every public
 * object, the change operation's log lines and anything printed to stdout/stderr: 0 occurrences.
 */
@Timeout(60)
class SecretLeakTest {

    static final String SECRET_KEY = "SECRET-7f3a9c2e-api-key-0001";
    static final String SECRET_TOKEN = "SECRET-7f3a9c2e-bearer-token-0002";
    static final String SECRET_STEM = "SECRET-7f3a";
    static final String PROXY_PASSWORD = "SECRET-7f3a9c2e-proxy-password";

    /** How a client authenticates in a scenario run. */
    enum Auth {
        API_KEY,
        BEARER
    }

    static Stream<Auth> auths() {
        return Stream.of(Auth.values());
    }

    private final List<String> scanned = new CopyOnWriteArrayList<>();
    private final List<String> log = new CopyOnWriteArrayList<>();
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private PrintStream originalOut;
    private PrintStream originalErr;

    @BeforeEach
    void capturePrinting() {
        originalOut = System.out;
        originalErr = System.err;
        PrintStream tee = new PrintStream(printed, true, StandardCharsets.UTF_8);
        System.setOut(tee);
        System.setErr(tee);
    }

    @AfterEach
    void restorePrinting() {
        System.setOut(originalOut);
        System.setErr(originalErr);
    }

    private FoundryCredential credential(Auth auth) {
        return auth == Auth.API_KEY
                ? new ApiKeyCredential(SECRET_KEY)
                : new BearerTokenCredential(
                        scope -> new AccessToken(SECRET_TOKEN, Instant.now().plusSeconds(3600)));
    }

    private FineTuningClientBuilder builder(Auth auth, String endpoint) {
        return FineTuningClient.builder()
                .endpoint(endpoint)
                .credential(credential(auth))
                .httpOptions(TestClients.fastOptions()
                        .responseTimeout(Duration.ofMillis(400))
                        .maxRetries(1)
                        .build());
    }

    /** Records the text of an object (toString) for the final scan. */
    private void see(Object object) {
        scanned.add(String.valueOf(object));
    }

    /** Runs a call and records whatever it returns or throws. */
    private void run(String scenario, Function<Void, Object> call) {
        try {
            Object result = call.apply(null);
            see(result);
            if (result instanceof FineTuningResponse<?> response) {
                see(response.value());
            }
        } catch (Throwable t) {
            seeThrowable(t);
        }
        scanned.add("scenario " + scenario);
    }

    private void seeThrowable(Throwable top) {
        StringWriter trace = new StringWriter();
        top.printStackTrace(new PrintWriter(trace));
        scanned.add(trace.toString());
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Throwable> queue = new ArrayList<>(List.of(top));
        while (!queue.isEmpty()) {
            Throwable t = queue.remove(0);
            if (!seen.add(t)) {
                continue;
            }
            scanned.add(String.valueOf(t.getMessage()));
            scanned.add(String.valueOf(t.getLocalizedMessage()));
            scanned.add(t.toString());
            if (t instanceof FineTuningApiException api) {
                scanned.add(
                        api.errorCode() + " " + api.errorMessage() + " " + api.errorParam() + " " + api.requestId());
            }
            if (t.getCause() != null) {
                queue.add(t.getCause());
            }
            queue.addAll(List.of(t.getSuppressed()));
        }
    }

    @ParameterizedTest
    @MethodSource("auths")
    void rawServerScenarios(Auth auth) throws Exception {
        String id = "ftjob-leak";
        // The client can only know (and scrub) its own secret; a server quotes that one back.
        String own = auth == Auth.API_KEY ? SECRET_KEY : SECRET_TOKEN;
        try (ScriptedServer server = ScriptedServer.start();
                FineTuningClient client = builder(auth, server.baseUrl()).build()) {
            see(client);
            // Happy paths.
            server.enqueue(Step.json(200, TestJobs.job(id, "pausing")).header("apim-request-id", "r1"));
            run("pause", v -> client.pauseWithResponse(id));
            server.enqueue(Step.json(200, TestJobs.list(false, id)));
            run("list", v -> client.listJobs(null, 5));
            server.enqueue(Step.json(200, TestJobs.events(false, "ev-1")));
            run("events", v -> client.listEvents(id, null, 5));
            // Every documented error status, twice: a plain Azure body, and a body that quotes the secret back.
            for (int status : new int[] {400, 401, 403, 404, 408, 409, 429, 500, 502, 503, 504}) {
                server.enqueue(
                        Step.azureError(status, "code" + status, "failure " + status, null)
                                .header("retry-after-ms", "1"),
                        Step.azureError(status, "code" + status, "failure " + status, null)
                                .header("retry-after-ms", "1"),
                        Step.json(200, TestJobs.job(id, "running")));
                run("HTTP " + status, v -> client.pause(id));
                String echoed = "Invalid credential: api-key " + own + " / Authorization: Bearer " + own;
                server.enqueue(
                        Step.azureError(status, own, echoed, own)
                                .header("retry-after-ms", "1")
                                .header("apim-request-id", "req-" + own),
                        Step.azureError(status, own, echoed, own)
                                .header("retry-after-ms", "1")
                                .header("apim-request-id", "req-" + own),
                        Step.json(200, TestJobs.job(id, "running")));
                run("HTTP " + status + " echoing the secret", v -> client.pause(id));
            }
            server.enqueue(
                    Step.raw(500, "<html>" + own + "</html>").header("Content-Type", "text/html"),
                    Step.raw(500, "<html>again</html>").header("Content-Type", "text/html"));
            run("500 html", v -> client.get(id));
            server.enqueue(Step.json(200, "{\"id\":\"" + own));
            server.enqueue(Step.json(200, "{\"statusCode\":200,\"message\":\"" + own + "\"}"));
            run("malformed with message", v -> client.get(id));
            run("malformed", v -> client.get(id));
            server.enqueue(Step.raw(302, "").header("Location", "https://" + own + ".evil.example/?api-key=" + own));
            run("redirect", v -> client.pause(id));
            server.enqueue(Step.huge(20L * 1024 * 1024, false));
            run("huge", v -> client.get(id));
            server.enqueue(Step.resetMidHeaders(), Step.resetMidHeaders());
            run("reset", v -> client.get(id));
            server.enqueue(
                    Step.halfBodyThenReset(TestJobs.job(id, "running")),
                    Step.halfBodyThenReset(TestJobs.job(id, "running")));
            run("reset mid-body", v -> client.get(id));
            server.enqueue(Step.neverAnswer(), Step.neverAnswer());
            run("timeout", v -> client.get(id));
            server.otherwise(Step.json(200, TestJobs.job(id, "pausing")));
            run(
                    "wait timeout",
                    v -> client.waitForStatus(
                            id,
                            WaitOptions.until(JobStatus.PAUSED)
                                    .timeout(Duration.ofMillis(100))
                                    .pollInterval(Duration.ofMillis(20))));
            run("bad id", v -> client.pause("../" + id));
            Thread.currentThread().interrupt();
            try {
                run("interrupted", v -> client.pause(id));
            } finally {
                Thread.interrupted();
            }
            // The secret went where it belongs, so the scan below is meaningful.
            String header = auth == Auth.API_KEY ? "api-key" : "Authorization";
            assertThat(server.requests())
                    .isNotEmpty()
                    .allSatisfy(r -> assertThat(r.header(header)).contains(SECRET_STEM));
        }
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = socket.getLocalPort();
        }
        try (FineTuningClient refused =
                builder(auth, "http://127.0.0.1:" + port).build()) {
            run("connection refused", v -> refused.get(id));
        }
        assertNoSecret();
    }

    @ParameterizedTest
    @MethodSource("auths")
    void emulatorScenariosWithLogLines(Auth auth) throws Exception {
        FineTuningEmulator.Builder emulatorBuilder =
                FineTuningEmulator.builder().pauseDelay(Duration.ofMillis(100));
        if (auth == Auth.API_KEY) {
            emulatorBuilder.apiKey(SECRET_KEY);
        } else {
            emulatorBuilder.bearerToken(SECRET_TOKEN);
        }
        try (FineTuningEmulator emulator = emulatorBuilder.build().start();
                FineTuningClient client = builder(auth, emulator.baseUrl())
                        .httpOptions(TestClients.fastOptions().build())
                        .build()) {
            String running = emulator.seedJob(JobSeed.running());
            String paused = emulator.seedJob(JobSeed.withStatus("paused"));
            String succeeded = emulator.seedJob(JobSeed.withStatus("succeeded"));
            for (JobChangeRequest request : List.of(
                    JobChangeRequest.builder(JobChange.PAUSE, running)
                            .waitForFinalStatus(true)
                            .pollInterval(Duration.ofMillis(30))
                            .timeout(Duration.ofSeconds(5))
                            .build(),
                    JobChangeRequest.builder(JobChange.PAUSE, paused)
                            .failIfNotEligible(false)
                            .build(),
                    JobChangeRequest.builder(JobChange.PAUSE, succeeded)
                            .failIfNotEligible(false)
                            .build(),
                    JobChangeRequest.builder(JobChange.PAUSE, succeeded).build(),
                    JobChangeRequest.builder(JobChange.RESUME, paused)
                            .waitForFinalStatus(true)
                            .pollInterval(Duration.ofMillis(30))
                            .timeout(Duration.ofMillis(200))
                            .build(),
                    JobChangeRequest.builder(JobChange.CANCEL, "ftjob-missing").build())) {
                see(request);
                run("operation " + request, v -> {
                    JobChangeResult result = JobChangeOperation.run(client, request, log::add);
                    see(result.job());
                    return result;
                });
            }
            BulkReport report = BulkOperation.run(
                    client,
                    BulkRequest.builder(JobChange.CANCEL, JobSelector.builder().build())
                            .concurrency(4)
                            .build(),
                    log::add);
            see(report);
            see(report.summary());
            see(report.toMaps());
            try (FineTuningClient wrong = FineTuningClient.builder()
                    .endpoint(emulator.baseUrl())
                    .credential(new ApiKeyCredential(SECRET_KEY + "-wrong"))
                    .build()) {
                run("wrong key", v -> wrong.get(running));
            }
            assertThat(log).hasSizeGreaterThanOrEqualTo(5);
            assertThat(emulator.requests()).isNotEmpty();
        }
        assertNoSecret();
    }

    @ParameterizedTest
    @MethodSource("auths")
    void configurationObjectsAndFailures(Auth auth) {
        FoundryCredential credential = credential(auth);
        see(credential);
        credential.headerValue();
        see(credential);
        see(new AccessToken(SECRET_TOKEN, Instant.now()));
        ProxyOptions proxy = ProxyOptions.builder("127.0.0.1", 3128)
                .credentials("alice", PROXY_PASSWORD)
                .build();
        see(proxy);
        see(HttpOptions.defaults());
        see(WaitOptions.until(JobStatus.PAUSED));
        try (FineTuningClient client = FineTuningClient.builder()
                .endpoint("https://r.openai.azure.com")
                .credential(credential)
                .proxy(proxy)
                .build()) {
            see(client);
            see(client.endpoint());
            see(client.apiVersion());
        }
        for (String endpoint : List.of(
                "https://user:" + SECRET_KEY + "@r.openai.azure.com",
                "https://" + SECRET_KEY + "@r.openai.azure.com",
                "http://user:" + SECRET_TOKEN + "@127.0.0.1:1",
                "https://u:" + SECRET_KEY + "@r.openai.azure.com/openai/v1?x=1")) {
            run(
                    "userinfo endpoint",
                    v -> FineTuningClient.builder()
                            .endpoint(endpoint)
                            .credential(credential)
                            .build());
        }
        run("key with newline", v -> new ApiKeyCredential(SECRET_KEY + "\n"));
        run("key with control char", v -> new ApiKeyCredential(SECRET_KEY + "\u0007x"));
        AccessTokenSource failing = scope -> {
            throw new IllegalStateException("token endpoint down");
        };
        run("token source failing", v -> new BearerTokenCredential(failing).headerValue());
        assertNoSecret();
    }

    private void assertNoSecret() {
        List<String> all = new ArrayList<>(scanned);
        all.addAll(log);
        all.add(printed.toString(StandardCharsets.UTF_8));
        assertThat(all).hasSizeGreaterThan(5);
        List<String> leaks =
                all.stream().filter(text -> text.contains(SECRET_STEM)).toList();
        assertThat(leaks).as("texts containing a secret").isEmpty();
    }
}
