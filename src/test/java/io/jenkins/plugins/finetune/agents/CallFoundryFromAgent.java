package io.jenkins.plugins.finetune.agents;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.finetune.client.ApiKeyCredential;
import io.jenkins.plugins.finetune.client.FineTuningClient;
import io.jenkins.plugins.finetune.client.FineTuningJob;
import java.util.HashMap;
import java.util.Map;
import jenkins.security.MasterToSlaveCallable;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;

/**
 * Builds the plugin's {@link FineTuningClient} where it is sent and reads one job: proves that the client and the
 * libraries it takes from jackson2-api and apache-httpcomponents-client-5-api load there through remoting. The
 * User-Agent carries the caller's pid, so the server can tell which JVM called. Test-only: the key travels in a
 * plain field.
 */
public final class CallFoundryFromAgent extends MasterToSlaveCallable<Map<String, String>, RuntimeException> {

    private static final long serialVersionUID = 1L;
    public static final String USER_AGENT_PREFIX = "foundry-agent-probe-pid/";

    private final String endpoint;
    private final String apiKey;
    private final String jobId;

    public CallFoundryFromAgent(String endpoint, String apiKey, String jobId) {
        this.endpoint = endpoint;
        this.apiKey = apiKey;
        this.jobId = jobId;
    }

    @Override
    public Map<String, String> call() {
        long pid = ProcessHandle.current().pid();
        try (FineTuningClient client = FineTuningClient.builder()
                .endpoint(endpoint)
                .credential(new ApiKeyCredential(apiKey))
                .userAgentSuffix(USER_AGENT_PREFIX + pid)
                .build()) {
            FineTuningJob job = client.get(jobId);
            Map<String, String> result = new HashMap<>();
            result.put("pid", Long.toString(pid));
            result.put("id", job.id());
            result.put("status", job.status().value());
            result.put("clientLoader", loaderOf(FineTuningClient.class));
            result.put("jacksonLoader", loaderOf(ObjectMapper.class));
            result.put("httpClientLoader", loaderOf(HttpClientBuilder.class));
            return result;
        }
    }

    private static String loaderOf(Class<?> type) {
        ClassLoader loader = type.getClassLoader();
        return loader == null ? "bootstrap" : loader.getClass().getName();
    }
}
