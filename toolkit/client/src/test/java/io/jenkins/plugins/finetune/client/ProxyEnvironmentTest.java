package io.jenkins.plugins.finetune.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.finetune.client.testing.ScriptedServer;
import io.jenkins.plugins.finetune.client.testing.ScriptedServer.Step;
import io.jenkins.plugins.finetune.client.testing.TestJobs;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The proxy an agent's environment gives, read as curl reads it for an https target. */
@Timeout(10)
class ProxyEnvironmentTest {

    private static Map<String, String> env(String... keysAndValues) {
        Map<String, String> env = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            env.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return env;
    }

    private static ProxyOptions read(String... keysAndValues) {
        return ProxyOptions.fromEnvironment(env(keysAndValues));
    }

    @Test
    void theFirstVariableSetWinsAsInCurl() {
        assertThat(read()).isNull();
        assertThat(read("http_proxy", "http://plain:1", "HTTP_PROXY", "http://plain:2"))
                .as("http_proxy is for http targets only")
                .isNull();
        assertThat(read("https_proxy", "http://lower:1", "HTTPS_PROXY", "http://upper:2", "all_proxy", "http://all:3")
                        .host())
                .isEqualTo("lower");
        assertThat(read("HTTPS_PROXY", "http://upper:2", "all_proxy", "http://all:3")
                        .host())
                .isEqualTo("upper");
        assertThat(read("all_proxy", "http://all:3", "ALL_PROXY", "http://ALL:4")
                        .host())
                .isEqualTo("all");
        assertThat(read("ALL_PROXY", "http://ALL:4").port()).isEqualTo(4);
        assertThat(read("https_proxy", "", "HTTPS_PROXY", "http://upper:2"))
                .as("set but empty: no proxy, and the search stops there")
                .isNull();
    }

    @Test
    void anHttpTargetReadsLowerCaseHttpProxyThenAllProxyAsCurlDoes() {
        assertThat(ProxyOptions.fromEnvironment(
                                Map.of("http_proxy", "http://plain:1", "https_proxy", "http://tls:2"), "http")
                        .host())
                .isEqualTo("plain");
        assertThat(ProxyOptions.fromEnvironment(Map.of("HTTP_PROXY", "http://upper:1"), "http"))
                .as("HTTP_PROXY is not read, as in curl")
                .isNull();
        assertThat(ProxyOptions.fromEnvironment(Map.of("ALL_PROXY", "http://all:3"), "http")
                        .port())
                .isEqualTo(3);
        assertThat(ProxyOptions.fromEnvironment(Map.of("http_proxy", "http://plain:1", "no_proxy", "*"), "http"))
                .isNull();
    }

    @Test
    void hostPortCredentialsAndDefaults() {
        ProxyOptions proxy = read("https_proxy", "http://al%40ice:p%3Ass%2Bw+rd%25@proxy.corp.example:3128/");
        assertThat(proxy.host()).isEqualTo("proxy.corp.example");
        assertThat(proxy.port()).isEqualTo(3128);
        assertThat(proxy.username()).isEqualTo("al@ice");
        assertThat(proxy.password()).isEqualTo("p:ss+w+rd%");
        assertThat(proxy.toString()).doesNotContain("p:ss", "p%3Ass").contains("user=al@ice", "password=****");

        assertThat(read("https_proxy", "proxy.corp").port())
                .as("curl's default proxy port")
                .isEqualTo(1080);
        assertThat(read("https_proxy", "HTTP://proxy.corp").port()).isEqualTo(1080);
        assertThat(read("https_proxy", "http://user@proxy.corp:8080").password())
                .isEmpty();
        assertThat(read("https_proxy", "http://p%C3%A4ss:w%C3%B6rd@proxy:1").username())
                .isEqualTo("päss");
        ProxyOptions v6 = read("https_proxy", "http://[::1]:3129");
        assertThat(v6.host()).isEqualTo("::1");
        assertThat(v6.port()).isEqualTo(3129);
        assertThat(read("https_proxy", "http://proxy:1").username()).isNull();
    }

    @Test
    void unusableValuesNameTheVariableAndNeverQuoteIt() {
        assertThatThrownBy(() -> read("HTTPS_PROXY", "socks5://u:secret-pw@proxy:1080"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("HTTPS_PROXY: SOCKS proxies (socks5://) are not supported")
                .hasMessageNotContaining("secret-pw");
        assertThatThrownBy(() -> read("all_proxy", "socks5h://proxy"))
                .hasMessageStartingWith("all_proxy: SOCKS proxies (socks5h://)");
        assertThatThrownBy(() -> read("https_proxy", "https://proxy:443"))
                .hasMessageStartingWith("https_proxy: https:// proxies (TLS to the proxy itself) are not supported");
        assertThatThrownBy(() -> read("https_proxy", "ftp://proxy"))
                .hasMessageStartingWith("https_proxy: the proxy scheme 'ftp://' is not supported");
        assertThatThrownBy(() -> read("https_proxy", "http://proxy:99999"))
                .hasMessage("https_proxy: the proxy port '99999' is not a number from 1 to 65535");
        assertThatThrownBy(() -> read("https_proxy", "http://u:secret-pw@:3128"))
                .hasMessageStartingWith("https_proxy: has no usable proxy host name")
                .hasMessageNotContaining("secret-pw");
        assertThatThrownBy(() -> read("https_proxy", "http://u:secret%zz@proxy:3128"))
                .hasMessageStartingWith("https_proxy: the proxy user name or password has a '%'")
                .hasMessageNotContaining("secret");
        assertThatThrownBy(() -> read("https_proxy", "http://proxy:3128", "NO_PROXY", "10.0.0.0/40"))
                .hasMessage("NO_PROXY: '10.0.0.0/40' has a prefix length that is not a number from 0 to 32");
        assertThatThrownBy(() -> read("https_proxy", "http://proxy:3128", "no_proxy", "intranet/8"))
                .hasMessageStartingWith("no_proxy: 'intranet/8' is not a CIDR range");
    }

    @Test
    void noProxyMatchesNamesSuffixesAddressesAndRangesAsCurlDoes() {
        ProxyOptions proxy = read(
                "https_proxy",
                "http://proxy:3128",
                "no_proxy",
                " example.com, .internal.corp  localhost,10.1.2.3 ,192.168.0.0/16, fd00::/8, [::1], trailing.dot.",
                "NO_PROXY",
                "ignored.example");
        assertThat(proxy.bypasses("example.com")).isTrue();
        assertThat(proxy.bypasses("API.Example.com")).isTrue();
        assertThat(proxy.bypasses("example.com.")).isTrue();
        assertThat(proxy.bypasses("badexample.com"))
                .as("a suffix only at a dot")
                .isFalse();
        assertThat(proxy.bypasses("internal.corp"))
                .as("leading dot optional both ways")
                .isTrue();
        assertThat(proxy.bypasses("svc.internal.corp")).isTrue();
        assertThat(proxy.bypasses("localhost")).isTrue();
        assertThat(proxy.bypasses("trailing.dot")).isTrue();
        assertThat(proxy.bypasses("10.1.2.3")).isTrue();
        assertThat(proxy.bypasses("10.1.2.4")).isFalse();
        assertThat(proxy.bypasses("192.168.200.7")).isTrue();
        assertThat(proxy.bypasses("192.169.0.1")).isFalse();
        assertThat(proxy.bypasses("fd12:3456::1")).isTrue();
        assertThat(proxy.bypasses("[fd12:3456::1]")).isTrue();
        assertThat(proxy.bypasses("::1")).isTrue();
        assertThat(proxy.bypasses("fe80::1")).isFalse();
        assertThat(proxy.bypasses("ignored.example"))
                .as("no_proxy is set, so NO_PROXY is not read")
                .isFalse();
        assertThat(proxy.bypasses("my-resource.openai.azure.com")).isFalse();
        assertThat(proxy.bypasses("127.0.0.1"))
                .as("an address entry never matches by name, nor vice versa")
                .isFalse();
        assertThat(proxy.toString()).contains("noProxy=example.com,.internal.corp,localhost");

        assertThat(read("https_proxy", "http://proxy:3128", "NO_PROXY", "*")).isNull();
        assertThat(read("https_proxy", "http://proxy:3128", "no_proxy", " * ")).isNull();
        assertThat(read("https_proxy", "http://proxy:3128", "no_proxy", "").bypasses("localhost"))
                .isFalse();
    }

    @Test
    void aRequestGoesThroughTheProxyTheEnvironmentNames() {
        try (ScriptedServer proxy = ScriptedServer.start();
                ScriptedServer target = ScriptedServer.start()) {
            proxy.enqueue(Step.raw(407, "").header("Proxy-Authenticate", "Basic realm=\"corp\""));
            proxy.otherwise(Step.json(200, TestJobs.job("ftjob-env", "running")));
            ProxyOptions fromEnv = ProxyOptions.fromEnvironment(env(
                    "HTTPS_PROXY",
                    "http://svc%5Cbuild:pa%24%24word@127.0.0.1:" + proxy.port(),
                    "NO_PROXY",
                    "localhost,.corp.example"));
            try (FineTuningClient client =
                    TestClients.builder(target.baseUrl()).proxy(fromEnv).build()) {
                assertThat(client.get("ftjob-env").status()).isEqualTo(JobStatus.RUNNING);
            }
            assertThat(target.requestCount()).isZero();
            List<ScriptedServer.Request> requests = proxy.requests();
            assertThat(requests).hasSize(2);
            assertThat(requests.get(1).target())
                    .isEqualTo(target.baseUrl() + "/openai/v1/fine_tuning/jobs/ftjob-env?api-version=v1");
            assertThat(requests.get(1).header("Proxy-Authorization"))
                    .isEqualTo("Basic " + Base64.getEncoder().encodeToString("svc\\build:pa$$word".getBytes()));
        }
    }

    @Test
    void aHostTheEnvironmentExemptsIsReachedDirectly() {
        try (ScriptedServer proxy = ScriptedServer.start();
                ScriptedServer target = ScriptedServer.start()) {
            target.otherwise(Step.json(200, TestJobs.job("ftjob-env", "running")));
            ProxyOptions fromEnv = ProxyOptions.fromEnvironment(
                    env("https_proxy", "127.0.0.1:" + proxy.port(), "no_proxy", "127.0.0.0/8"));
            try (FineTuningClient client =
                    TestClients.builder(target.baseUrl()).proxy(fromEnv).build()) {
                client.get("ftjob-env");
            }
            assertThat(proxy.connectionCount()).isZero();
            assertThat(target.requestCount()).isEqualTo(1);
        }
    }
}
