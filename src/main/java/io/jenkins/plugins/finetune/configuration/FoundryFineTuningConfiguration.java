package io.jenkins.plugins.finetune.configuration;

import com.cloudbees.plugins.credentials.common.StandardListBoxModel;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.BulkChange;
import hudson.Extension;
import hudson.Util;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.finetune.Messages;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import jenkins.model.GlobalConfiguration;
import jenkins.model.Jenkins;
import net.sf.json.JSONObject;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.verb.POST;

/**
 * Manage Jenkins » System » Azure AI Foundry fine-tuning: the defaults every step and build step
 * falls back to, and the HTTP settings of the client. JCasC: {@code unclassified: foundryFineTuning:}.
 */
@Extension
@Symbol("foundryFineTuning")
public class FoundryFineTuningConfiguration extends GlobalConfiguration {

    public static final String DEFAULT_API_VERSION = "v1";
    static final int DEFAULT_CONNECT_TIMEOUT_SECONDS = 10;
    static final int DEFAULT_RESPONSE_TIMEOUT_SECONDS = 60;
    static final int DEFAULT_MAX_RETRIES = 3;
    /** The default cap on one bulk change's selection (the client's own default). */
    public static final int DEFAULT_MAX_BULK_JOBS = 100_000;

    private String endpoint;
    private String credentialsId;
    private String apiVersion;
    private int connectTimeoutSeconds = DEFAULT_CONNECT_TIMEOUT_SECONDS;
    private int responseTimeoutSeconds = DEFAULT_RESPONSE_TIMEOUT_SECONDS;
    private int maxRetries = DEFAULT_MAX_RETRIES;
    private List<FoundryResource> resources = new ArrayList<>();
    // Deny by default: a step reaches only the endpoints an administrator configured unless they turn this off.
    private boolean restrictEndpoints = true;
    /** The most jobs one bulk change selects (and keeps in program.dat); ten times as many are listed at most. */
    private int maxBulkJobs = DEFAULT_MAX_BULK_JOBS;

    // ---- bulkheads: the total time one exchange may take (issue 23) ----
    static final int DEFAULT_EXCHANGE_TIMEOUT_SECONDS = 120;
    private int exchangeTimeoutSeconds = DEFAULT_EXCHANGE_TIMEOUT_SECONDS;

    public FoundryFineTuningConfiguration() {
        load();
    }

    @NonNull
    public static FoundryFineTuningConfiguration get() {
        return GlobalConfiguration.all().getInstance(FoundryFineTuningConfiguration.class);
    }

    @NonNull
    @Override
    public String getDisplayName() {
        return Messages.FoundryFineTuningConfiguration_DisplayName();
    }

    /** The resource endpoint, e.g. {@code https://my-resource.openai.azure.com}. */
    @CheckForNull
    public String getEndpoint() {
        return endpoint;
    }

    @DataBoundSetter
    public void setEndpoint(String endpoint) {
        this.endpoint = Util.fixEmptyAndTrim(endpoint);
        save();
    }

    /** Default credentials: Secret text (API key), Azure service principal or managed identity. */
    @CheckForNull
    public String getCredentialsId() {
        return credentialsId;
    }

    @DataBoundSetter
    public void setCredentialsId(String credentialsId) {
        this.credentialsId = Util.fixEmptyAndTrim(credentialsId);
        save();
    }

    /** Default api-version; blank means {@value #DEFAULT_API_VERSION}. */
    @CheckForNull
    public String getApiVersion() {
        return apiVersion;
    }

    @DataBoundSetter
    public void setApiVersion(String apiVersion) {
        this.apiVersion = Util.fixEmptyAndTrim(apiVersion);
        save();
    }

    public int getConnectTimeoutSeconds() {
        return connectTimeoutSeconds;
    }

    @DataBoundSetter
    public void setConnectTimeoutSeconds(int connectTimeoutSeconds) {
        this.connectTimeoutSeconds =
                connectTimeoutSeconds > 0 ? connectTimeoutSeconds : DEFAULT_CONNECT_TIMEOUT_SECONDS;
        save();
    }

    public int getResponseTimeoutSeconds() {
        return responseTimeoutSeconds;
    }

    @DataBoundSetter
    public void setResponseTimeoutSeconds(int responseTimeoutSeconds) {
        this.responseTimeoutSeconds =
                responseTimeoutSeconds > 0 ? responseTimeoutSeconds : DEFAULT_RESPONSE_TIMEOUT_SECONDS;
        save();
    }

    /**
     * The longest one exchange with Azure may take in all (connect, send, the whole answer), however steadily a slow
     * server keeps sending; each retry has its own. Default {@value #DEFAULT_EXCHANGE_TIMEOUT_SECONDS}.
     */
    public int getExchangeTimeoutSeconds() {
        return exchangeTimeoutSeconds;
    }

    @DataBoundSetter
    public void setExchangeTimeoutSeconds(int exchangeTimeoutSeconds) {
        this.exchangeTimeoutSeconds =
                exchangeTimeoutSeconds > 0 ? exchangeTimeoutSeconds : DEFAULT_EXCHANGE_TIMEOUT_SECONDS;
        save();
    }

    public int getMaxRetries() {
        return maxRetries;
    }

    @DataBoundSetter
    public void setMaxRetries(int maxRetries) {
        this.maxRetries = Math.max(0, maxRetries);
        save();
    }

    /** The named resources steps pick with {@code resource: 'name'}. */
    @NonNull
    public List<FoundryResource> getResources() {
        return Collections.unmodifiableList(resources);
    }

    @DataBoundSetter
    public void setResources(@CheckForNull List<FoundryResource> resources) {
        List<FoundryResource> list = resources == null ? new ArrayList<>() : new ArrayList<>(resources);
        String duplicate = duplicateName(list);
        if (duplicate != null) {
            // Steps name resources: two with one name would make resource: 'x' ambiguous.
            throw new IllegalArgumentException(Messages.FoundryFineTuningConfiguration_DuplicateResource(duplicate));
        }
        this.resources = list;
        save();
    }

    /** The first name two resources share, or {@code null}. */
    @CheckForNull
    private static String duplicateName(List<FoundryResource> resources) {
        Set<String> names = new HashSet<>();
        for (FoundryResource resource : resources) {
            if (!names.add(resource.getName())) {
                return resource.getName();
            }
        }
        return null;
    }

    /** The resource with this name, or {@code null}. */
    @CheckForNull
    public FoundryResource getResource(@CheckForNull String name) {
        for (FoundryResource resource : resources) {
            if (resource.getName().equals(name)) {
                return resource;
            }
        }
        return null;
    }

    /**
     * Whether steps may only call the endpoints of the configured resources (and the default endpoint), as they
     * do by default; when {@code false}, a step may name any endpoint, and the build log names the host it calls.
     */
    public boolean isRestrictEndpoints() {
        return restrictEndpoints;
    }

    @DataBoundSetter
    public void setRestrictEndpoints(boolean restrictEndpoints) {
        this.restrictEndpoints = restrictEndpoints;
        save();
    }

    /**
     * The most jobs one bulk change ({@code pauseFineTunes}, {@code resumeFineTunes} and their build steps) may
     * select; beyond it, or past ten times as many listed, the step fails before changing any job. Bounds what a
     * selection holds in memory and in the build's saved state, whatever a listing answers.
     */
    public int getMaxBulkJobs() {
        return maxBulkJobs > 0 ? maxBulkJobs : DEFAULT_MAX_BULK_JOBS;
    }

    @DataBoundSetter
    public void setMaxBulkJobs(int maxBulkJobs) {
        this.maxBulkJobs = maxBulkJobs > 0 ? maxBulkJobs : DEFAULT_MAX_BULK_JOBS;
        save();
    }

    /**
     * All or nothing: the submitted resources are bound and checked into a local list first (a repeatable list
     * absent from the form means "no resources", not "unchanged"); the other settings are then bound with saving
     * held back, and the list is assigned last, saved once with them. A refused form changes nothing, in memory
     * or on disk.
     */
    @Override
    public boolean configure(StaplerRequest2 req, JSONObject json) throws FormException {
        List<FoundryResource> submitted =
                checkedResources(req.bindJSONToList(FoundryResource.class, json.opt("resources")));
        JSONObject settings = new JSONObject();
        for (String key : json.keySet()) {
            if (!"resources".equals(key)) {
                settings.put(key, json.get(key));
            }
        }
        Settings before = Settings.of(this);
        try (BulkChange change = new BulkChange(this)) {
            try {
                req.bindJSON(this, settings);
            } catch (RuntimeException e) {
                before.restore(this);
                throw e;
            }
            this.resources = submitted;
            change.commit();
        } catch (IOException e) {
            before.restore(this);
            throw new FormException(Messages.FoundryFineTuningConfiguration_NotSaved(), e, "resources");
        }
        return true;
    }

    private static List<FoundryResource> checkedResources(List<FoundryResource> submitted) throws FormException {
        String duplicate = duplicateName(submitted);
        if (duplicate != null) {
            throw new FormException(Messages.FoundryFineTuningConfiguration_DuplicateResource(duplicate), "resources");
        }
        return new ArrayList<>(submitted);
    }

    /** The settings besides the resources, to put back when binding a form fails half-way. */
    private record Settings(
            String endpoint,
            String credentialsId,
            String apiVersion,
            int connectTimeoutSeconds,
            int responseTimeoutSeconds,
            int maxRetries,
            boolean restrictEndpoints,
            int exchangeTimeoutSeconds,
            int maxBulkJobs) {

        static Settings of(FoundryFineTuningConfiguration c) {
            return new Settings(
                    c.endpoint,
                    c.credentialsId,
                    c.apiVersion,
                    c.connectTimeoutSeconds,
                    c.responseTimeoutSeconds,
                    c.maxRetries,
                    c.restrictEndpoints,
                    c.exchangeTimeoutSeconds,
                    c.maxBulkJobs);
        }

        void restore(FoundryFineTuningConfiguration c) {
            c.endpoint = endpoint;
            c.credentialsId = credentialsId;
            c.apiVersion = apiVersion;
            c.connectTimeoutSeconds = connectTimeoutSeconds;
            c.responseTimeoutSeconds = responseTimeoutSeconds;
            c.maxRetries = maxRetries;
            c.restrictEndpoints = restrictEndpoints;
            c.exchangeTimeoutSeconds = exchangeTimeoutSeconds;
            c.maxBulkJobs = maxBulkJobs;
        }
    }

    // ---- form ------------------------------------------------------------------------------------

    @POST
    public ListBoxModel doFillCredentialsIdItems(
            @QueryParameter String credentialsId, @QueryParameter String endpoint) {
        if (!Jenkins.get().hasPermission(Jenkins.ADMINISTER)) {
            return new StandardListBoxModel().includeCurrentValue(credentialsId);
        }
        return ConnectionForms.get().fillCredentialsIdItems(credentialsId, endpoint);
    }

    @POST
    public FormValidation doCheckCredentialsId(@QueryParameter String value, @QueryParameter String endpoint) {
        return FormAccess.ifCanConfigure(null, () -> ConnectionForms.get().checkCredentialsId(value, endpoint));
    }

    @POST
    public FormValidation doCheckEndpoint(@QueryParameter String value) {
        return FormAccess.ifCanConfigure(null, () -> ConnectionForms.get().checkEndpoint(value));
    }

    @POST
    public FormValidation doCheckApiVersion(@QueryParameter String value) {
        return FormAccess.ifCanConfigure(null, () -> ConnectionForms.get().checkApiVersion(value));
    }

    @POST
    public FormValidation doCheckConnectTimeoutSeconds(@QueryParameter String value) {
        return FormAccess.ifCanConfigure(null, () -> FormValidation.validatePositiveInteger(value));
    }

    @POST
    public FormValidation doCheckResponseTimeoutSeconds(@QueryParameter String value) {
        return FormAccess.ifCanConfigure(null, () -> FormValidation.validatePositiveInteger(value));
    }

    @POST
    public FormValidation doCheckExchangeTimeoutSeconds(
            @QueryParameter String value, @QueryParameter String responseTimeoutSeconds) {
        return FormAccess.ifCanConfigure(null, () -> {
            FormValidation positive = FormValidation.validatePositiveInteger(value);
            if (positive.kind != FormValidation.Kind.OK) {
                return positive;
            }
            int exchange = Integer.parseInt(value.trim());
            int response = parseOr(responseTimeoutSeconds, this.responseTimeoutSeconds);
            return exchange <= response
                    ? FormValidation.warning(
                            Messages.FoundryFineTuningConfiguration_ExchangeTimeoutNotAboveResponse(exchange, response))
                    : FormValidation.ok();
        });
    }

    @POST
    public FormValidation doCheckMaxRetries(@QueryParameter String value) {
        return FormAccess.ifCanConfigure(null, () -> FormValidation.validateNonNegativeInteger(value));
    }

    @POST
    public FormValidation doCheckMaxBulkJobs(@QueryParameter String value) {
        return FormAccess.ifCanConfigure(null, () -> FormValidation.validatePositiveInteger(value));
    }

    /**
     * "Test connection": lists one fine-tuning job with the values in the form (not yet saved). Only
     * administrators may use it, since it uses credentials on behalf of the whole instance.
     */
    @POST
    public FormValidation doTestConnection(
            @QueryParameter String endpoint,
            @QueryParameter String credentialsId,
            @QueryParameter String apiVersion,
            @QueryParameter String connectTimeoutSeconds,
            @QueryParameter String responseTimeoutSeconds) {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        if (Util.fixEmptyAndTrim(endpoint) == null) {
            // Steps then name a resource or an endpoint; a step's "no endpoint" error would read wrong here.
            return FormValidation.warning(Messages.FoundryFineTuningConfiguration_NoDefaultToTest());
        }
        return ConnectionForms.get()
                .testConnection(
                        endpoint,
                        apiVersion,
                        credentialsId,
                        parseOr(connectTimeoutSeconds, this.connectTimeoutSeconds),
                        parseOr(responseTimeoutSeconds, this.responseTimeoutSeconds));
    }

    private static int parseOr(String value, int fallback) {
        try {
            int parsed = Integer.parseInt(Util.fixEmptyAndTrim(value) == null ? "" : value.trim());
            return parsed > 0 ? parsed : fallback;
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
