package io.jenkins.plugins.finetune.client;

import java.util.List;
import java.util.Objects;

/**
 * A credential this JVM does not hold: the {@link Transport} adds it where it makes the request, e.g. a Jenkins
 * agent that asks its own managed identity for a token, so that no secret leaves the place that has it. Only usable
 * with a transport of the caller's ({@link FineTuningClientBuilder#transport}).
 */
public final class TransportCredential extends FoundryCredential {

    private final String identity;

    /** @param identity what authenticates, for the advice on a 401, e.g. {@code the managed identity of agent 'x'} */
    public TransportCredential(String identity) {
        this.identity = Objects.requireNonNull(identity, "identity");
    }

    @Override
    String headerName() {
        return null;
    }

    @Override
    String headerValue() {
        throw new IllegalStateException("the transport adds this credential");
    }

    @Override
    String rejectionAdvice(FoundryEndpoint endpoint) {
        return "Check that " + identity + " exists, that its token is issued for " + COGNITIVE_SERVICES_SCOPE
                + " in the resource's tenant, and that it has the 'Cognitive Services OpenAI Contributor' role on"
                + " the resource at " + endpoint.baseUrl() + ".";
    }

    @Override
    List<String> secrets() {
        return List.of();
    }

    @Override
    public String toString() {
        return "TransportCredential[" + identity + "]";
    }
}
