package io.jenkins.plugins.finetune.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.jenkins.plugins.finetune.client.testing.ScriptedServer;
import io.jenkins.plugins.finetune.client.testing.ScriptedServer.Step;
import io.jenkins.plugins.finetune.emulator.FineTuningEmulator;
import io.jenkins.plugins.finetune.emulator.JobSeed;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The managed identity token source against local stand-ins of IMDS and of App Service's IDENTITY_ENDPOINT. */
@Timeout(20)
class ManagedIdentityTokenSourceTest {

    private static final String SCOPE = FoundryCredential.COGNITIVE_SERVICES_SCOPE;
    private static final String RESOURCE_QUERY = "resource=https%3A%2F%2Fcognitiveservices.azure.com";
    private static final String TOKEN = "eyJ0eXAi.managed-identity-token.sig";
    private static final String HEADER_SECRET = "identity-header-secret-7f3a";
    private static final String CLIENT_ID = "11111111-2222-3333-4444-555555555555";
    private static final String IMDS_PATH = "/metadata/identity/oauth2/token";

    private static String tokenBody(String expiresOn) {
        return "{\"access_token\":\"" + TOKEN + "\",\"expires_on\":" + expiresOn
                + ",\"resource\":\"https://cognitiveservices.azure.com\",\"token_type\":\"Bearer\"}";
    }

    /** IMDS at the test server, with millisecond backoff. */
    private static ManagedIdentityTokenSource.Builder imds(ScriptedServer server) {
        return ManagedIdentityTokenSource.imds()
                .imdsAuthorityHost(server.baseUrl())
                .baseRetryDelay(Duration.ofMillis(5))
                .responseTimeout(Duration.ofSeconds(3));
    }

    @Test
    void imdsSystemAssignedIdentity() {
        try (ScriptedServer server = ScriptedServer.start()) {
            server.enqueue(Step.json(200, tokenBody("\"1750000000\"")));
            AccessToken token = imds(server).build().getToken(SCOPE);

            assertThat(token.token()).isEqualTo(TOKEN);
            assertThat(token.expiresAt()).isEqualTo(Instant.ofEpochSecond(1750000000L));
            ScriptedServer.Request request = server.lastRequest();
            assertThat(request.method()).isEqualTo("GET");
            assertThat(request.path()).isEqualTo(IMDS_PATH);
            assertThat(request.query()).isEqualTo("api-version=2018-02-01&" + RESOURCE_QUERY);
            assertThat(request.header("Metadata")).isEqualTo("true");
            assertThat(request.header("X-IDENTITY-HEADER")).isNull();
            assertThat(request.header("Authorization")).isNull();
        }
    }

    @Test
    void imdsUserAssignedIdentityAndNumericExpiry() {
        try (ScriptedServer server = ScriptedServer.start()) {
            server.enqueue(Step.json(200, tokenBody("1750000123")));
            AccessToken token =
                    imds(server).clientId(" " + CLIENT_ID + " ").build().getToken(SCOPE);

            assertThat(token.expiresAt()).isEqualTo(Instant.ofEpochSecond(1750000123L));
            assertThat(server.lastRequest().query())
                    .isEqualTo("api-version=2018-02-01&" + RESOURCE_QUERY + "&client_id=" + CLIENT_ID);
            assertThat(server.lastRequest().header("Metadata")).isEqualTo("true");
        }
    }

    @Test
    void appServiceVariantChosenFromTheEnvironment() {
        try (ScriptedServer server = ScriptedServer.start()) {
            server.enqueue(Step.json(200, tokenBody("\"1750000000\"")));
            ManagedIdentityTokenSource source = ManagedIdentityTokenSource.fromEnvironment(
                    Map.of(
                            "IDENTITY_ENDPOINT",
                            server.baseUrl() + "/msi/token",
                            "IDENTITY_HEADER",
                            HEADER_SECRET,
                            "AZURE_POD_IDENTITY_AUTHORITY_HOST",
                            "http://127.0.0.1:1"),
                    CLIENT_ID);
            assertThat(source.getToken(SCOPE).token()).isEqualTo(TOKEN);

            ScriptedServer.Request request = server.lastRequest();
            assertThat(request.path()).isEqualTo("/msi/token");
            assertThat(request.query())
                    .isEqualTo("api-version=2019-08-01&" + RESOURCE_QUERY + "&client_id=" + CLIENT_ID);
            assertThat(request.header("X-IDENTITY-HEADER")).isEqualTo(HEADER_SECRET);
            assertThat(request.header("Metadata")).isNull();
            assertThat(source.toString()).doesNotContain(HEADER_SECRET).contains("/msi/token", CLIENT_ID);
        }
    }

    @Test
    void imdsHostFromTheEnvironmentAsAzureIdentityReadsIt() {
        try (ScriptedServer server = ScriptedServer.start()) {
            server.enqueue(Step.json(200, tokenBody("1750000000")));
            ManagedIdentityTokenSource source = ManagedIdentityTokenSource.fromEnvironment(
                    Map.of("AZURE_POD_IDENTITY_AUTHORITY_HOST", server.baseUrl() + "/"), null);
            assertThat(source.getToken(SCOPE).token()).isEqualTo(TOKEN);
            assertThat(server.lastRequest().path()).isEqualTo(IMDS_PATH);
            assertThat(source.toString()).contains("IMDS " + server.baseUrl() + IMDS_PATH, "system-assigned");
        }
        assertThat(ManagedIdentityTokenSource.fromEnvironment(Map.of(), null).toString())
                .contains("http://169.254.169.254" + IMDS_PATH);
    }

    @Test
    void expiresInWhenExpiresOnIsMissingOrNotEpochSeconds() {
        Clock clock = Clock.fixed(Instant.parse("2025-06-01T12:00:00Z"), ZoneOffset.UTC);
        try (ScriptedServer server = ScriptedServer.start()) {
            server.enqueue(
                    Step.json(200, "{\"access_token\":\"" + TOKEN + "\",\"expires_in\":\"3599\"}"),
                    Step.json(
                            200,
                            "{\"access_token\":\"" + TOKEN
                                    + "\",\"expires_on\":\"06/01/2025 13:00:00 PM +00:00\",\"expires_in\":60}"));
            ManagedIdentityTokenSource source = imds(server).clock(clock).build();
            assertThat(source.getToken(SCOPE).expiresAt())
                    .isEqualTo(clock.instant().plusSeconds(3599));
            assertThat(source.getToken(SCOPE).expiresAt())
                    .isEqualTo(clock.instant().plusSeconds(60));
        }
    }

    @Test
    void identityNotFoundNamesTheClientIdOrSaysNoneWasGiven() {
        try (ScriptedServer server = ScriptedServer.start()) {
            server.otherwise(
                    Step.json(400, "{\"error\":\"invalid_request\",\"error_description\":\"Identity not found\"}"));
            ManagedIdentityException withId = catchThrowableOfType(
                    ManagedIdentityException.class,
                    () -> imds(server).clientId(CLIENT_ID).build().getToken(SCOPE));
            assertThat(withId.getMessage())
                    .startsWith("The managed identity endpoint at " + server.baseUrl() + IMDS_PATH
                            + " answered HTTP 400 (Identity not found) for the user-assigned identity with client id '"
                            + CLIENT_ID + "'")
                    .contains("Client ID, not its Object ID");
            assertThat(withId.isTransient()).isFalse();
            assertThat(server.requestCount()).as("a 400 is not retried").isEqualTo(1);

            ManagedIdentityException without = catchThrowableOfType(
                    ManagedIdentityException.class, () -> imds(server).build().getToken(SCOPE));
            assertThat(without.getMessage())
                    .contains("the system-assigned identity (no client id was given)")
                    .contains("enable the system-assigned identity");
        }
    }

    @Test
    void throttlingAndServerErrorsAreRetriedThenTheTokenComes() {
        try (ScriptedServer server = ScriptedServer.start()) {
            server.enqueue(
                    Step.json(429, "{\"error\":\"throttled\"}"),
                    Step.json(500, "{}"),
                    Step.json(410, "{}"),
                    Step.json(200, tokenBody("1750000000")));
            assertThat(imds(server).build().getToken(SCOPE).token()).isEqualTo(TOKEN);
            assertThat(server.requestCount()).isEqualTo(4);
            assertThat(server.requests())
                    .allSatisfy(r -> assertThat(r.header("Metadata")).isEqualTo("true"));
        }
    }

    @Test
    void retriesAreBoundedAndTheLastAnswerIsReported() {
        try (ScriptedServer server = ScriptedServer.start()) {
            server.otherwise(Step.json(503, "{\"error\":\"unavailable\"}"));
            ManagedIdentityException failure = catchThrowableOfType(
                    ManagedIdentityException.class,
                    () -> imds(server).maxRetries(2).build().getToken(SCOPE));
            assertThat(server.requestCount()).isEqualTo(3);
            assertThat(failure.getMessage()).contains("still answered HTTP 503 (unavailable) after 3 attempts");
            assertThat(failure.isTransient()).isTrue();
        }
    }

    @Test
    void nothingListeningFailsAtOnceWithAClearError() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        ManagedIdentityTokenSource source = ManagedIdentityTokenSource.imds()
                .imdsAuthorityHost("http://127.0.0.1:" + port)
                .build(); // default retries and backoff: a retried refusal would take seconds
        long started = System.nanoTime();
        ManagedIdentityException failure =
                catchThrowableOfType(ManagedIdentityException.class, () -> source.getToken(SCOPE));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
        assertThat(failure.getMessage())
                .startsWith("No managed identity endpoint answered at http://127.0.0.1:" + port + IMDS_PATH)
                .contains("is this an Azure VM (or scale set) with a managed identity enabled?");
        assertThat(failure.isTransient()).isFalse();
    }

    @Test
    void unusableAnswersSayWhatWasWrong() {
        try (ScriptedServer server = ScriptedServer.start()) {
            server.enqueue(
                    Step.raw(200, "<html>captive portal</html>").header("Content-Type", "text/html"),
                    Step.json(200, "{\"expires_on\":\"1750000000\"}"),
                    Step.json(200, "{\"access_token\":\"" + TOKEN + "\"}"),
                    Step.huge(ManagedIdentityTokenSource.MAX_BODY_BYTES + 1, true));
            ManagedIdentityTokenSource source = imds(server).build();
            assertThatThrownBy(() -> source.getToken(SCOPE))
                    .isInstanceOf(ManagedIdentityException.class)
                    .hasMessageContaining("a body that is not a JSON object (27 bytes)");
            assertThatThrownBy(() -> source.getToken(SCOPE)).hasMessageContaining("no access_token");
            assertThatThrownBy(() -> source.getToken(SCOPE))
                    .hasMessageContaining("without a usable expires_on or expires_in")
                    .hasMessageNotContaining(TOKEN);
            assertThatThrownBy(() -> source.getToken(SCOPE))
                    .hasMessageContaining("more than 262144 bytes, which is no token answer");
        }
    }

    @Test
    void neitherTheTokenNorTheIdentityHeaderAppearsAnywhere() {
        try (ScriptedServer server = ScriptedServer.start()) {
            // A hostile or buggy endpoint echoing both secrets in its error text.
            String echo = "{\"error\":{\"message\":\"bad header " + HEADER_SECRET + " for " + TOKEN + "\"},"
                    + "\"access_token\":\"" + TOKEN + "\"}";
            server.enqueue(Step.json(403, echo), Step.json(400, echo), Step.json(500, echo));
            ManagedIdentityTokenSource source = ManagedIdentityTokenSource.appService(
                            server.baseUrl() + "/msi/token", HEADER_SECRET)
                    .maxRetries(0)
                    .build();
            for (int i = 0; i < 3; i++) {
                ManagedIdentityException failure =
                        catchThrowableOfType(ManagedIdentityException.class, () -> source.getToken(SCOPE));
                assertThat(failure.getMessage()).contains("bad header ****");
                assertThat(failure.toString()).doesNotContain(HEADER_SECRET, TOKEN);
                StringWriter trace = new StringWriter();
                failure.printStackTrace(new PrintWriter(trace));
                assertThat(trace.toString()).doesNotContain(HEADER_SECRET, TOKEN);
            }
            assertThat(server.requestCount()).isEqualTo(3);
            assertThat(source.toString()).doesNotContain(HEADER_SECRET).contains("X-IDENTITY-HEADER=****");

            server.enqueue(Step.json(403, "{\"message\":\"wrong secret\"}"));
            assertThatThrownBy(() -> source.getToken(SCOPE))
                    .hasMessageContaining("HTTP 403 (wrong secret)")
                    .hasMessageContaining("check that IDENTITY_HEADER is the value the platform set");
        }
        assertThatThrownBy(() -> ManagedIdentityTokenSource.builderFromEnvironment(Map.of(
                        "IDENTITY_ENDPOINT", "http://127.0.0.1:1/msi", "IDENTITY_HEADER", "x\n" + HEADER_SECRET)))
                .hasMessage("IDENTITY_HEADER: contains a line break or control character");
    }

    @Test
    void neverGoesThroughAProxyEvenWhenTheJvmHasOne() {
        try (ScriptedServer proxy = ScriptedServer.start();
                ScriptedServer server = ScriptedServer.start()) {
            server.enqueue(Step.json(200, tokenBody("1750000000")));
            String before = System.getProperty("http.proxyHost");
            String beforePort = System.getProperty("http.proxyPort");
            System.setProperty("http.proxyHost", "127.0.0.1");
            System.setProperty("http.proxyPort", String.valueOf(proxy.port()));
            try {
                assertThat(imds(server).build().getToken(SCOPE).token()).isEqualTo(TOKEN);
            } finally {
                restore("http.proxyHost", before);
                restore("http.proxyPort", beforePort);
            }
            assertThat(proxy.connectionCount()).isZero();
            assertThat(server.requestCount()).isEqualTo(1);
        }
    }

    private static void restore(String property, String value) {
        if (value == null) {
            System.clearProperty(property);
        } else {
            System.setProperty(property, value);
        }
    }

    @Test
    void anInterruptEndsAWaitForTheEndpoint() throws InterruptedException {
        try (ScriptedServer server = ScriptedServer.start()) {
            server.otherwise(Step.neverAnswer());
            ManagedIdentityTokenSource source =
                    imds(server).responseTimeout(Duration.ofSeconds(15)).build();
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            AtomicReference<Boolean> flag = new AtomicReference<>();
            Thread caller = new Thread(() -> {
                try {
                    source.getToken(SCOPE);
                } catch (Throwable t) {
                    thrown.set(t);
                    flag.set(Thread.currentThread().isInterrupted());
                }
            });
            caller.start();
            while (server.requestCount() == 0) {
                Thread.sleep(10);
            }
            caller.interrupt();
            caller.join(3000);
            assertThat(caller.isAlive()).isFalse();
            assertThat(thrown.get())
                    .isInstanceOf(FineTuningInterruptedException.class)
                    .hasMessageContaining("managed identity endpoint at " + server.baseUrl() + IMDS_PATH);
            assertThat(flag.get()).isTrue();
        }
    }

    @Test
    void theClientCallsTheEmulatorWithTheManagedIdentitysToken() {
        try (ScriptedServer imds = ScriptedServer.start();
                FineTuningEmulator emulator =
                        FineTuningEmulator.builder().bearerToken(TOKEN).build().start()) {
            long inAnHour = Instant.now().plus(Duration.ofHours(1)).getEpochSecond();
            imds.enqueue(Step.json(200, tokenBody("\"" + inAnHour + "\"")));
            String id = emulator.seedJob(JobSeed.running());
            try (FineTuningClient client = FineTuningClient.builder()
                    .endpoint(emulator.baseUrl())
                    .credential(new BearerTokenCredential(imds(imds).build()))
                    .httpOptions(TestClients.fastOptions().build())
                    .build()) {
                assertThat(client.get(id).status()).isEqualTo(JobStatus.RUNNING);
                assertThat(client.pause(id).status()).isEqualTo(JobStatus.PAUSING);
            }
            assertThat(imds.requestCount()).as("one token serves both calls").isEqualTo(1);
        }
    }

    @Test
    void environmentsThisDoesNotSpeakAndBadValuesAreRefusedByName() {
        assertThatThrownBy(() -> ManagedIdentityTokenSource.builderFromEnvironment(
                        Map.of("IDENTITY_ENDPOINT", "http://localhost:40342/metadata/identity/oauth2/token")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("IDENTITY_ENDPOINT: is set but IDENTITY_HEADER is not");
        assertThatThrownBy(() -> ManagedIdentityTokenSource.builderFromEnvironment(Map.of(
                        "IDENTITY_ENDPOINT", "https://10.0.0.4:2377/metadata/identity/oauth2/token",
                        "IDENTITY_HEADER", HEADER_SECRET,
                        "IDENTITY_SERVER_THUMBPRINT", "AB12")))
                .hasMessageStartingWith("IDENTITY_SERVER_THUMBPRINT: is set, as on Service Fabric");
        assertThatThrownBy(() -> ManagedIdentityTokenSource.builderFromEnvironment(
                        Map.of("AZURE_POD_IDENTITY_AUTHORITY_HOST", "ftp://169.254.169.254")))
                .hasMessageStartingWith("AZURE_POD_IDENTITY_AUTHORITY_HOST: must start with http:// or https://");
        assertThatThrownBy(() -> ManagedIdentityTokenSource.builderFromEnvironment(
                        Map.of("IDENTITY_ENDPOINT", "http://user:pw@localhost/msi", "IDENTITY_HEADER", "h")))
                .hasMessage("IDENTITY_ENDPOINT: must not contain a user name or password");
        assertThatThrownBy(() -> ManagedIdentityTokenSource.appService("localhost:8081/msi", HEADER_SECRET))
                .hasMessageStartingWith("identityEndpoint: must start with http:// or https://");
        assertThatThrownBy(() -> ManagedIdentityTokenSource.appService("http://localhost/msi", " "))
                .hasMessage("identityHeader: is required with identityEndpoint");
        assertThatThrownBy(() -> ManagedIdentityTokenSource.appService("http://localhost/msi", HEADER_SECRET)
                        .imdsAuthorityHost("http://127.0.0.1"))
                .hasMessageStartingWith("imdsAuthorityHost: applies to IMDS only");
        assertThatThrownBy(() -> ManagedIdentityTokenSource.imds().clientId("a\nb"))
                .hasMessageStartingWith("clientId: must be the identity's Client ID");
        assertThatThrownBy(() -> ManagedIdentityTokenSource.imds().maxRetries(11))
                .hasMessage("maxRetries: must be between 0 and 10, got 11");
    }

    @Test
    void aDefaultScopeMapsToItsResource() {
        assertThat(ManagedIdentityTokenSource.resourceOf(SCOPE)).isEqualTo("https://cognitiveservices.azure.com");
        assertThat(ManagedIdentityTokenSource.resourceOf("api://my-app/.default"))
                .isEqualTo("api://my-app");
        assertThat(ManagedIdentityTokenSource.resourceOf("https://management.azure.com"))
                .isEqualTo("https://management.azure.com");
        assertThatThrownBy(() -> ManagedIdentityTokenSource.resourceOf(" ")).hasMessageStartingWith("scope: ");
    }
}
