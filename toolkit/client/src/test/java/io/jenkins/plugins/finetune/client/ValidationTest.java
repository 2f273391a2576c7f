package io.jenkins.plugins.finetune.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.finetune.client.testing.ScriptedServer;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Everything a user can get wrong fails before a request is made, with a message naming the field. */
@Timeout(10)
class ValidationTest {

    private ScriptedServer server;

    @BeforeEach
    void start() {
        server = ScriptedServer.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    static Stream<String> badJobIds() {
        return Stream.of(
                "../ftjob-1",
                "ftjob-1/../../deployments",
                "..",
                "ftjob%2F..",
                "%2e%2e",
                "ftjob-1?api-version=evil",
                "ftjob-1#frag",
                "ftjob\n1",
                "ftjob-1\r\nX-Injected: 1",
                "ftjob 1",
                "ftjob\t1",
                "ftjob/1",
                "ftjob\\1",
                "ftjob-é",
                "ftjob-1;x",
                "-ftjob",
                ".ftjob",
                "x".repeat(1024),
                "a".repeat(JobIds.MAX_LENGTH + 1),
                "",
                "   ");
    }

    @ParameterizedTest
    @MethodSource("badJobIds")
    void badJobIdsAreRejectedBeforeAnyRequest(String id) {
        try (FineTuningClient client = TestClients.client(server.baseUrl())) {
            List<Consumer<String>> operations = List.of(
                    client::pause,
                    client::resume,
                    client::cancel,
                    client::get,
                    i -> client.listEvents(i, null, null),
                    i -> client.waitForStatus(i, WaitOptions.until(JobStatus.PAUSED)),
                    i -> client.listJobs(i.isBlank() ? "x/y" : i, 10));
            for (Consumer<String> operation : operations) {
                assertThatThrownBy(() -> operation.accept(id))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageStartingWith("jobId: ")
                        .satisfies(e -> assertThat(e.getMessage())
                                .doesNotContain("\n")
                                .doesNotContain("\r")
                                .hasSizeLessThan(300));
            }
        }
        assertThat(server.requestCount()).isZero();
        assertThat(server.connectionCount()).isZero();
        assertThat(JobIds.problemWith(id)).startsWith("jobId: ");
    }

    @Test
    void blankAfterCursorMeansFirstPageButBadCursorIsRefused() {
        try (FineTuningClient client = TestClients.client(server.baseUrl())) {
            assertThatThrownBy(() -> client.listEvents("ftjob-1", "../x", 10))
                    .hasMessageStartingWith("after: '../x' is not a fine-tuning event id");
            assertThatThrownBy(() -> client.listJobs(null, 0)).hasMessage("limit: must be between 1 and 100, got 0");
            assertThatThrownBy(() -> client.listJobs(null, 101)).hasMessageStartingWith("limit: ");
            assertThatThrownBy(() -> client.listAllJobs(0)).hasMessageStartingWith("limit: ");
        }
        assertThat(server.requestCount()).isZero();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"ftjob-0123456789abcdef0123456789abcdef", "ftjob-abc", "FTJOB_1", "ft:gpt-4o:org:x", "a.b-c_d:e"
            })
    void goodJobIdsAreAccepted(String id) {
        assertThat(JobIds.problemWith(id)).isNull();
        assertThat(JobIds.requireValid(id)).isEqualTo(id);
    }

    @Test
    void longIdMessageIsShortAndSaysTheLength() {
        assertThat(JobIds.problemWith("x".repeat(1024)))
                .isEqualTo("jobId: is 1024 characters long; a fine-tuning job id has at most " + JobIds.MAX_LENGTH);
        assertThat(JobIds.problemWith("a\u0000b")).contains("\\u0000");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "https://my-resource.openai.azure.com",
                "https://my-resource.openai.azure.com/",
                "https://my-resource.openai.azure.com/openai",
                "https://my-resource.openai.azure.com/openai/v1/",
                "https://MY-RESOURCE.openai.azure.com//",
                "https://my-resource.services.ai.azure.com",
                "https://my-resource.services.ai.azure.com/openai/v1",
                "HTTPS://my-resource.openai.azure.com:443"
            })
    void endpointFormsAreNormalised(String text) {
        FoundryEndpoint endpoint = FoundryEndpoint.parse(text);
        assertThat(endpoint.isHttps()).isTrue();
        assertThat(endpoint.baseUrl()).matches("https://my-resource\\.(openai|services\\.ai)\\.azure\\.com(:443)?");
        assertThat(endpoint.host()).startsWith("my-resource.");
        assertThat(endpoint.toString()).isEqualTo(endpoint.baseUrl());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "http://localhost:8089",
                "http://127.0.0.1:1",
                "http://[::1]:8089",
                "http://127.0.0.2",
                "http://LOCALHOST"
            })
    void plainHttpIsFineForLoopback(String text) {
        assertThat(FoundryEndpoint.parse(text).isHttps()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "http://my-resource.openai.azure.com",
                "http://10.0.0.1:8089",
                "http://localhost.evil.com",
                "http://127.0.0.1.nip.io",
                "http://192.168.1.10"
            })
    void plainHttpIsRefusedForOtherHosts(String text) {
        assertThatThrownBy(() -> FoundryEndpoint.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("endpoint: plain http is only allowed for loopback hosts");
        assertThatThrownBy(() -> TestClients.client(text)).hasMessageStartingWith("endpoint: ");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "https://user:S3cr3t-P4ss@my-resource.openai.azure.com",
                "https://S3cr3t-P4ss@my-resource.openai.azure.com",
                "http://user:S3cr3t-P4ss@127.0.0.1:8089",
                "https://user:S3cr3t-P4ss%40x@host.example"
            })
    void userInfoIsRefusedWithoutEchoingThePassword(String text) {
        assertThatThrownBy(() -> FoundryEndpoint.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("endpoint: must not contain a user name or password")
                .satisfies(
                        e -> assertThat(e.getMessage()).doesNotContain("S3cr3t").doesNotContain("user:"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "my-resource.openai.azure.com",
                "ftp://host",
                "https://",
                "https://host?x=1",
                "https://host#x",
                "https://ho st",
                "file:///etc/passwd",
                "   "
            })
    void otherBadEndpointsNameTheField(String text) {
        assertThatThrownBy(() -> FoundryEndpoint.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("endpoint: ");
    }

    @Test
    void nullEndpointAndMissingCredentialNameTheField() {
        assertThatThrownBy(() -> FineTuningClient.builder()
                        .credential(new ApiKeyCredential("k"))
                        .build())
                .hasMessageStartingWith("endpoint: is required");
        assertThatThrownBy(() ->
                        FineTuningClient.builder().endpoint(server.baseUrl()).build())
                .hasMessageStartingWith("credential: is required");
        assertThatThrownBy(() -> TestClients.builder(server.baseUrl())
                        .userAgentSuffix("x\r\nInjected: 1")
                        .build())
                .hasMessageStartingWith("userAgentSuffix: ");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"v2", "latest", "2025-4-1", "2025-04-01-preview&x=1", "v1 x", "2025-04-01-beta", "1", "v\u00001"
            })
    void badApiVersionsAreRefused(String version) {
        assertThatThrownBy(() -> TestClients.builder(server.baseUrl())
                        .apiVersion(version)
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .satisfies(e -> assertThat(e.getMessage())
                        .startsWith("apiVersion: ")
                        .contains("'v1' (the default), 'preview', or a dated version such as '2025-04-01-preview'")
                        .doesNotContain("\u0000"));
        assertThat(server.requestCount()).isZero();
    }

    @Test
    void apiVersionParsing() {
        assertThat(ApiVersion.parse(null)).isEqualTo(ApiVersion.V1);
        assertThat(ApiVersion.parse(" ")).isSameAs(ApiVersion.V1);
        assertThat(ApiVersion.parse("V1")).isSameAs(ApiVersion.V1);
        assertThat(ApiVersion.parse("Preview")).isSameAs(ApiVersion.PREVIEW);
        ApiVersion dated = ApiVersion.parse(" 2025-04-01-PREVIEW ");
        assertThat(dated.value()).isEqualTo("2025-04-01-preview");
        assertThat(dated.isDated()).isTrue();
        assertThat(dated.routePrefix()).isEqualTo("/openai");
        assertThat(ApiVersion.V1.routePrefix()).isEqualTo("/openai/v1");
        assertThat(ApiVersion.PREVIEW.isDated()).isFalse();
        assertThat(dated)
                .isEqualTo(ApiVersion.parse("2025-04-01-preview"))
                .hasSameHashCodeAs(ApiVersion.parse("2025-04-01-preview"));
        assertThat(ApiVersion.parse("2024-10-21").value()).isEqualTo("2024-10-21");
    }

    @Test
    void apiKeyValidation() {
        assertThatThrownBy(() -> new ApiKeyCredential(null)).hasMessageStartingWith("apiKey: is empty");
        assertThatThrownBy(() -> new ApiKeyCredential("  ")).hasMessageStartingWith("apiKey: is empty");
        assertThatThrownBy(() -> new ApiKeyCredential("abc\ndef"))
                .hasMessageStartingWith("apiKey: contains a line break")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("abc"));
        assertThat(new ApiKeyCredential(" key-with-spaces ").headerValue()).isEqualTo("key-with-spaces");
        assertThat(new ApiKeyCredential("k").headerName()).isEqualTo("api-key");
    }

    @Test
    void httpOptionsValidationNamesTheField() {
        HttpOptions.Builder b = HttpOptions.builder();
        assertThatThrownBy(() -> b.connectTimeout(Duration.ZERO))
                .hasMessageStartingWith("connectTimeout: must be greater than zero");
        assertThatThrownBy(() -> b.responseTimeout(Duration.ofSeconds(-1))).hasMessageStartingWith("responseTimeout: ");
        assertThatThrownBy(() -> b.baseRetryDelay(Duration.ZERO)).hasMessageStartingWith("baseRetryDelay: ");
        assertThatThrownBy(() -> b.maxRetryDelay(Duration.ZERO)).hasMessageStartingWith("maxRetryDelay: ");
        assertThatThrownBy(() -> b.maxRetryDuration(Duration.ZERO)).hasMessageStartingWith("maxRetryDuration: ");
        assertThatThrownBy(() -> b.maxRetries(-1)).hasMessage("maxRetries: must be between 0 and 10, got -1");
        assertThatThrownBy(() -> b.maxRetries(11)).hasMessageStartingWith("maxRetries: ");
        assertThatThrownBy(() -> b.maxResponseBytes(1023)).hasMessageStartingWith("maxResponseBytes: ");
        assertThatThrownBy(() -> b.maxConnections(0)).hasMessageStartingWith("maxConnections: ");
        assertThatThrownBy(() -> b.maxConnections(1025)).hasMessageStartingWith("maxConnections: ");
        assertThatThrownBy(() -> b.connectTimeout(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("connectTimeout");
    }

    @Test
    void httpOptionsDefaultsAndCopy() {
        HttpOptions defaults = HttpOptions.defaults();
        assertThat(defaults.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(defaults.responseTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(defaults.maxRetries()).isEqualTo(3);
        assertThat(defaults.baseRetryDelay()).isEqualTo(Duration.ofMillis(800));
        assertThat(defaults.maxRetryDelay()).isEqualTo(Duration.ofSeconds(30));
        assertThat(defaults.maxRetryDuration()).isEqualTo(Duration.ofMinutes(2));
        assertThat(defaults.maxResponseBytes()).isEqualTo(8L * 1024 * 1024);
        assertThat(defaults.maxConnections()).isEqualTo(64);
        HttpOptions copy = defaults.toBuilder().maxRetries(0).build();
        assertThat(copy.maxRetries()).isZero();
        assertThat(copy.toString()).isEqualTo(defaults.toString().replace("maxRetries=3", "maxRetries=0"));
        assertThatCode(() -> TestClients.builder(server.baseUrl())
                        .httpOptions(null)
                        .build()
                        .close())
                .doesNotThrowAnyException();
    }

    @Test
    void waitOptionsValidationNamesTheField() {
        assertThatThrownBy(WaitOptions::until).hasMessageStartingWith("targets: ");
        WaitOptions options = WaitOptions.until(JobStatus.PAUSED);
        assertThatThrownBy(() -> options.timeout(Duration.ZERO))
                .hasMessageStartingWith("timeout: must be greater than zero");
        assertThatThrownBy(() -> options.pollInterval(Duration.ofMillis(-5))).hasMessageStartingWith("pollInterval: ");
        assertThatThrownBy(() -> options.maxPollInterval(Duration.ZERO)).hasMessageStartingWith("maxPollInterval: ");
        assertThatThrownBy(() -> WaitOptions.until(JobStatus.PAUSED, null)).isInstanceOf(NullPointerException.class);
        assertThat(options.timeout()).isEqualTo(Duration.ofMinutes(30));
        assertThat(options.pollInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(options.maxPollInterval()).isEqualTo(Duration.ofSeconds(30));
        WaitOptions bigPoll = options.pollInterval(Duration.ofMinutes(1));
        assertThat(bigPoll.maxPollInterval()).isEqualTo(Duration.ofMinutes(1));
        WaitOptions smallMax = options.maxPollInterval(Duration.ofSeconds(1));
        assertThat(smallMax.pollInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(options.isDone(JobStatus.PAUSED)).isTrue();
        assertThat(options.isDone(JobStatus.of("PAUSED"))).isTrue();
        assertThat(options.isDone(JobStatus.FAILED)).isTrue();
        assertThat(options.isDone(JobStatus.PAUSING)).isFalse();
        assertThat(options.isDone(null)).isFalse();
        assertThat(options.targets()).containsExactly(JobStatus.PAUSED);
    }

    @Test
    void proxyOptionsValidationNamesTheField() {
        assertThatThrownBy(() -> ProxyOptions.builder(null, 8080)).hasMessage("proxy host: is required");
        assertThatThrownBy(() -> ProxyOptions.builder(" ", 8080)).hasMessage("proxy host: is required");
        assertThatThrownBy(() -> ProxyOptions.builder("proxy", 0))
                .hasMessageStartingWith("proxy port: must be between 1 and 65535");
        assertThatThrownBy(() -> ProxyOptions.builder("proxy", 65536)).hasMessageStartingWith("proxy port: ");
        assertThatThrownBy(() -> ProxyOptions.builder("proxy", 1).noProxyHosts(null))
                .hasMessage("noProxyHosts");
        ProxyOptions proxy = ProxyOptions.builder(" proxy.corp ", 3128)
                .credentials("alice", "pw-123456")
                .noProxyHosts(List.of(Pattern.compile(".*\\.internal")))
                .build();
        assertThat(proxy.host()).isEqualTo("proxy.corp");
        assertThat(proxy.port()).isEqualTo(3128);
        assertThat(proxy.username()).isEqualTo("alice");
        assertThat(proxy.bypasses("API.INTERNAL")).isTrue();
        assertThat(proxy.bypasses("my.openai.azure.com")).isFalse();
        assertThat(proxy.toString())
                .contains("proxy.corp:3128")
                .contains("password=****")
                .doesNotContain("pw-123456");
        ProxyOptions anonymous =
                ProxyOptions.builder("p", 1).credentials(" ", "ignored-pw").build();
        assertThat(anonymous.username()).isNull();
        assertThat(anonymous.password()).isNull();
        assertThat(anonymous.toString()).doesNotContain("ignored-pw").doesNotContain("user=");
    }
}
