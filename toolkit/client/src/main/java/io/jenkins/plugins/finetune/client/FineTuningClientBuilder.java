package io.jenkins.plugins.finetune.client;

/**
 * Builds a {@link FineTuningClient}. Endpoint and credential are required; everything else has a
 * sensible default. Invalid values fail here, naming the field, before any request is made.
 */
public final class FineTuningClientBuilder {

    private String endpoint;
    private String apiVersion;
    private FoundryCredential credential;
    private HttpOptions httpOptions = HttpOptions.defaults();
    private ProxyOptions proxy;
    private Transport transport;
    private String userAgentSuffix;
    private HttpPipeline.Sleeper sleeper = HttpPipeline.Sleeper.THREAD_SLEEP;
    private boolean failOnIncompleteListing;

    FineTuningClientBuilder() {}

    /** The resource endpoint, e.g. {@code https://my-resource.openai.azure.com}. */
    public FineTuningClientBuilder endpoint(String value) {
        this.endpoint = value;
        return this;
    }

    /** {@code v1} (default when blank), {@code preview}, or a dated version such as {@code 2025-04-01-preview}. */
    public FineTuningClientBuilder apiVersion(String value) {
        this.apiVersion = value;
        return this;
    }

    public FineTuningClientBuilder credential(FoundryCredential value) {
        this.credential = value;
        return this;
    }

    public FineTuningClientBuilder httpOptions(HttpOptions value) {
        this.httpOptions = value == null ? HttpOptions.defaults() : value;
        return this;
    }

    /** A proxy to go through; {@code null} (the default) connects directly. */
    public FineTuningClientBuilder proxy(ProxyOptions value) {
        this.proxy = value;
        return this;
    }

    /**
     * Makes every exchange through {@code value} (e.g. from a Jenkins agent) instead of this JVM's HTTP client;
     * {@code null} (the default): this JVM, with {@link #proxy}. The client closes it. Proxy and User-Agent are then
     * the transport's.
     */
    public FineTuningClientBuilder transport(Transport value) {
        this.transport = value;
        return this;
    }

    /** Prepended to the User-Agent, e.g. {@code jenkins-foundry-fine-tuning/1.2}. */
    public FineTuningClientBuilder userAgentSuffix(String value) {
        this.userAgentSuffix = value;
        return this;
    }

    /**
     * With {@code true}, {@link FineTuningClient#listAllJobs} throws {@link FineTuningIncompleteListingException}
     * when Azure says more jobs follow but repeats a cursor or sends an empty page, instead of ending the
     * list there as if it were whole (the default, kept for existing callers). Bulk operations and
     * {@code JobListing} list through it, so they follow the same rule.
     */
    public FineTuningClientBuilder failOnIncompleteListing(boolean value) {
        this.failOnIncompleteListing = value;
        return this;
    }

    /** For tests: how retry delays are waited out. */
    FineTuningClientBuilder sleeper(HttpPipeline.Sleeper value) {
        this.sleeper = value;
        return this;
    }

    /** @throws IllegalArgumentException naming the first field that is missing or invalid */
    public FineTuningClient build() {
        FoundryEndpoint parsedEndpoint = FoundryEndpoint.parse(endpoint);
        ApiVersion parsedVersion = ApiVersion.parse(apiVersion);
        if (credential == null) {
            throw new IllegalArgumentException(
                    "credential: is required (an API key or a Microsoft Entra ID token source)");
        }
        if (userAgentSuffix != null && userAgentSuffix.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("userAgentSuffix: must not contain control characters");
        }
        if (transport == null && credential instanceof TransportCredential) {
            throw new IllegalArgumentException("credential: " + credential + " is added by a transport; set one");
        }
        if (transport != null && proxy != null) {
            throw new IllegalArgumentException("proxy: a transport chooses its own proxy; set one or the other");
        }
        HttpPipeline pipeline = transport != null
                ? new HttpPipeline(credential, httpOptions, transport, sleeper)
                : new HttpPipeline(credential, httpOptions, proxy, UserAgent.of(userAgentSuffix), sleeper);
        return new FineTuningClient(parsedEndpoint, parsedVersion, pipeline, failOnIncompleteListing);
    }
}
