package io.jenkins.plugins.finetune.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.finetune.client.testing.ScriptedServer;
import io.jenkins.plugins.finetune.client.testing.ScriptedServer.Step;
import io.jenkins.plugins.finetune.client.testing.TestJobs;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Requests go through the configured proxy (absolute-form request line) unless the host is exempt. */
@Timeout(10)
class ProxyTest {

    private static final String ID = "ftjob-proxy";

    @Test
    void requestsGoThroughTheProxyInAbsoluteForm() {
        try (ScriptedServer proxy = ScriptedServer.start();
                ScriptedServer target = ScriptedServer.start()) {
            proxy.otherwise(Step.json(200, TestJobs.job(ID, "pausing")));
            try (FineTuningClient client = TestClients.builder(target.baseUrl())
                    .proxy(ProxyOptions.builder("127.0.0.1", proxy.port()).build())
                    .build()) {
                assertThat(client.pause(ID).status()).isEqualTo(JobStatus.PAUSING);
            }
            assertThat(target.requestCount()).isZero();
            ScriptedServer.Request request = proxy.lastRequest();
            assertThat(request.method()).isEqualTo("POST");
            assertThat(request.target())
                    .isEqualTo(target.baseUrl() + "/openai/v1/fine_tuning/jobs/" + ID + "/pause?api-version=v1");
            assertThat(request.header("Host")).isEqualTo("127.0.0.1:" + target.port());
            assertThat(request.header("api-key")).isEqualTo(TestClients.API_KEY);
            assertThat(request.header("Proxy-Authorization")).isNull();
        }
    }

    @Test
    void proxyCredentialsAnswerAChallengeAndGoOnlyToTheProxy() {
        try (ScriptedServer proxy = ScriptedServer.start();
                ScriptedServer target = ScriptedServer.start()) {
            proxy.enqueue(Step.raw(407, "").header("Proxy-Authenticate", "Basic realm=\"corp\""));
            proxy.otherwise(Step.json(200, TestJobs.job(ID, "running")));
            try (FineTuningClient client = TestClients.builder(target.baseUrl())
                    .proxy(ProxyOptions.builder("127.0.0.1", proxy.port())
                            .credentials("alice", "proxy-pw-42")
                            .build())
                    .build()) {
                client.get(ID);
            }
            List<ScriptedServer.Request> requests = proxy.requests();
            assertThat(requests).hasSize(2);
            assertThat(requests.get(1).header("Proxy-Authorization"))
                    .isEqualTo("Basic " + Base64.getEncoder().encodeToString("alice:proxy-pw-42".getBytes()));
            assertThat(requests.get(1).header("Authorization")).isNull();
            assertThat(target.requestCount()).isZero();
        }
    }

    @Test
    void noProxyHostsBypassTheProxy() {
        try (ScriptedServer proxy = ScriptedServer.start();
                ScriptedServer target = ScriptedServer.start()) {
            target.otherwise(Step.json(200, TestJobs.job(ID, "running")));
            try (FineTuningClient client = TestClients.builder(target.baseUrl())
                    .proxy(ProxyOptions.builder("127.0.0.1", proxy.port())
                            .noProxyHosts(List.of(Pattern.compile("127\\.0\\.0\\.\\d+")))
                            .build())
                    .build()) {
                client.get(ID);
            }
            assertThat(proxy.requestCount()).isZero();
            assertThat(proxy.connectionCount()).isZero();
            assertThat(target.requestCount()).isEqualTo(1);
            assertThat(target.lastRequest().target()).startsWith("/openai/v1/");
        }
    }
}
