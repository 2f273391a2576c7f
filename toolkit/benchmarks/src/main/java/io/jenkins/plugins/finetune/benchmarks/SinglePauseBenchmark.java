package io.jenkins.plugins.finetune.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.finetune.client.ApiKeyCredential;
import io.jenkins.plugins.finetune.client.FineTuningClient;
import io.jenkins.plugins.finetune.client.FineTuningJob;
import io.jenkins.plugins.finetune.emulator.FineTuningEmulator;
import io.jenkins.plugins.finetune.emulator.JobSeed;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One pause: {@link FineTuningClient#pause(String)} against a bare Apache HttpClient 5 classic
 * request doing the same POST (same URL, {@code api-key}, {@code Accept}, empty body) and a Jackson
 * {@code readTree} of the answer. Same server, same JVM, same run.
 *
 * <p>The server is {@link CannedJobServer}, answering every request with the body the emulator sent
 * for a real pause (captured at setup), because the emulator, like Azure, refuses to pause a job
 * twice. Setup proves that both clients send the same request line and headers.
 *
 * <p>The baseline's HttpClient has the transport settings our pipeline uses (pooled connections,
 * no automatic retries, no redirects, no cookies), so the difference is our layer only: id
 * validation, URL building, the retry loop, the interrupt watchdog, the size-capped read, the
 * response header look-ups and the job wrapper.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-Dsun.net.httpserver.nodelay=true"})
@State(Scope.Benchmark)
public class SinglePauseBenchmark {

    static final String API_KEY = "benchmark-api-key-not-a-secret";
    static final String JOB_ID = "ftjob-0b1e2c3d4e5f60718293a4b5c6d7e8f9";
    private static final byte[] EMPTY = new byte[0];
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private CannedJobServer server;
    private FineTuningClient ours;
    private CloseableHttpClient bare;
    private String url;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        bare = HttpClients.custom()
                .setConnectionManager(
                        PoolingHttpClientConnectionManagerBuilder.create().build())
                .disableAutomaticRetries()
                .disableRedirectHandling()
                .disableCookieManagement()
                .build();
        server = new CannedJobServer(API_KEY, emulatorPauseAnswer());
        url = pauseUrl(server.baseUrl());
        ours = FineTuningClient.builder()
                .endpoint(server.baseUrl())
                .credential(new ApiKeyCredential(API_KEY))
                .build();

        FineTuningJob job = ours.pause(JOB_ID);
        String oursSent = server.lastRequest();
        JsonNode tree = bareHttpClient(new ClientThreadAllocation());
        String bareSent = server.lastRequest();
        if (!oursSent.equals(bareSent)) {
            throw new IllegalStateException("the two clients send different requests:\n ours: " + mask(oursSent)
                    + "\n bare: " + mask(bareSent));
        }
        if (!job.id().equals(tree.path("id").asText()) || job.status() == null) {
            throw new IllegalStateException("the two clients read different answers");
        }
        System.out.println("\n[single pause] both clients send: " + mask(oursSent) + "; answer: job " + job.id()
                + " status " + job.status().value());
    }

    /** What the emulator answers to a real pause of a running job: the canned body. */
    private static byte[] emulatorPauseAnswer() throws IOException {
        try (FineTuningEmulator emulator = FineTuningEmulator.builder()
                        .apiKey(API_KEY)
                        .pauseDelay(Duration.ZERO)
                        .build()
                        .start();
                CloseableHttpClient http = HttpClients.createDefault()) {
            emulator.seedJob(JobSeed.running().id(JOB_ID).suffix("nightly").metadata("team", "research"));
            HttpPost post = new HttpPost(pauseUrl(emulator.baseUrl()));
            post.setHeader("api-key", API_KEY);
            return http.execute(post, response -> {
                byte[] body = EntityUtils.toByteArray(response.getEntity());
                if (response.getCode() != 200) {
                    throw new IllegalStateException("the emulator answered the pause with HTTP " + response.getCode()
                            + ": " + CannedJobServer.utf8(body));
                }
                return body;
            });
        }
    }

    private static String pauseUrl(String baseUrl) {
        return baseUrl + "/openai/v1/fine_tuning/jobs/" + JOB_ID + "/pause?api-version=v1";
    }

    private static String mask(String request) {
        return request.replace(API_KEY, "****");
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        ours.close();
        bare.close();
        server.close();
    }

    /** Ours: validation, retries, watchdog, capped read, typed job. */
    @Benchmark
    public FineTuningJob ourClient(ClientThreadAllocation allocation) {
        allocation.ops++;
        return ours.pause(JOB_ID);
    }

    /** Baseline: the least code that does the same exchange and parse. */
    @Benchmark
    public JsonNode bareHttpClient(ClientThreadAllocation allocation) throws IOException {
        allocation.ops++;
        HttpPost post = new HttpPost(url);
        post.setHeader("Accept", "application/json");
        post.setHeader("api-key", API_KEY);
        post.setEntity(new ByteArrayEntity(EMPTY, null));
        return bare.execute(post, response -> {
            byte[] body = EntityUtils.toByteArray(response.getEntity());
            if (response.getCode() != 200) {
                throw new IllegalStateException("HTTP " + response.getCode());
            }
            return MAPPER.readTree(body);
        });
    }
}
