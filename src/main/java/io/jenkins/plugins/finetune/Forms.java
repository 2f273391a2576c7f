package io.jenkins.plugins.finetune;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import com.cloudbees.plugins.credentials.common.StandardListBoxModel;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.Util;
import hudson.model.Item;
import hudson.model.Queue;
import hudson.model.queue.Tasks;
import hudson.security.ACL;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.finetune.client.ApiVersion;
import io.jenkins.plugins.finetune.client.FineTuningClient;
import io.jenkins.plugins.finetune.client.FineTuningException;
import io.jenkins.plugins.finetune.client.FineTuningInterruptedException;
import io.jenkins.plugins.finetune.client.FineTuningJob;
import io.jenkins.plugins.finetune.client.FoundryCredential;
import io.jenkins.plugins.finetune.client.FoundryEndpoint;
import io.jenkins.plugins.finetune.client.JobIds;
import io.jenkins.plugins.finetune.client.Page;
import io.jenkins.plugins.finetune.client.bulk.BulkArguments;
import io.jenkins.plugins.finetune.client.bulk.JobListing;
import io.jenkins.plugins.finetune.client.ops.JobChange;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import jenkins.model.Jenkins;
import org.springframework.security.core.Authentication;

/**
 * Form logic shared by the step, the build step and the global configuration. Callers check
 * permissions first (see each {@code doXxx} method); these helpers only compute answers.
 */
final class Forms {

    private Forms() {}

    /** Whether the current user may list credentials / validate forms in this context (consumer guide). */
    static boolean canConfigure(@CheckForNull Item item) {
        if (item == null) {
            return Jenkins.get().hasPermission(Jenkins.ADMINISTER);
        }
        return item.hasPermission(Item.EXTENDED_READ) || item.hasPermission(CredentialsProvider.USE_ITEM);
    }

    /**
     * The gate in front of every {@code doCheckXxx} method: the answer of {@code check} when the current user
     * may configure {@code item} ({@link #canConfigure}; {@code null}: the global configuration, which needs
     * {@code Jenkins.ADMINISTER}), else OK, so that nothing leaks to users who may not.
     */
    static FormValidation ifCanConfigure(@CheckForNull Item item, Supplier<FormValidation> check) {
        return canConfigure(item) ? check.get() : FormValidation.ok();
    }

    /** The authentication a build of this item will run as, or SYSTEM outside of an item. */
    static Authentication authenticationOf(@CheckForNull Item item) {
        return item instanceof Queue.Task task ? Tasks.getAuthenticationOf2(task) : ACL.SYSTEM2;
    }

    static ListBoxModel fillCredentialsIdItems(@CheckForNull Item item, @CheckForNull String credentialsId) {
        StandardListBoxModel result = new StandardListBoxModel();
        String current = Util.fixNull(credentialsId);
        if (!canConfigure(item)) {
            return result.includeCurrentValue(current);
        }
        if (item == null) {
            result.includeEmptyValue()
                    .includeMatchingAs(
                            ACL.SYSTEM2,
                            Jenkins.get(),
                            StandardCredentials.class,
                            List.of(),
                            FoundryCredentialResolver.anySupported());
        } else {
            result.includeEmptyValue()
                    .includeMatchingAs(
                            authenticationOf(item),
                            item,
                            StandardCredentials.class,
                            List.of(),
                            FoundryCredentialResolver.anySupported());
        }
        return result.includeCurrentValue(current);
    }

    /** Looks credentials up as the form's context sees them (not as a build): for validation only. */
    @CheckForNull
    static StandardCredentials lookupForForm(@CheckForNull Item item, String credentialsId) {
        if (item == null) {
            return CredentialsProvider.findCredentialByIdInItemGroup(
                    credentialsId, StandardCredentials.class, Jenkins.get(), ACL.SYSTEM2, List.of());
        }
        return CredentialsProvider.findCredentialByIdInItem(
                credentialsId, StandardCredentials.class, item, authenticationOf(item), List.of());
    }

    /**
     * @param global whether this is the global default, which builds use: System-scoped credentials are
     *     then flagged, since jobs cannot see them
     */
    static FormValidation checkCredentialsId(@CheckForNull Item item, @CheckForNull String value, boolean global) {
        String id = Util.fixEmptyAndTrim(value);
        if (id == null) {
            return global
                    ? FormValidation.ok()
                    : FormValidation.ok("Uses the default credentials of the global configuration.");
        }
        if (id.startsWith("${") && id.endsWith("}")) {
            return FormValidation.warning("Cannot validate expression-based credentials.");
        }
        StandardCredentials credentials = lookupForForm(item, id);
        if (credentials == null) {
            return FormValidation.error("Cannot find credentials with id '" + id + "'.");
        }
        if (FoundryCredentialResolver.forCredentials(credentials) == null) {
            return FormValidation.error("Credentials '" + id + "' are not of a supported kind; use "
                    + FoundryCredentialResolver.describeSupported() + ".");
        }
        if (global && credentials.getScope() == CredentialsScope.SYSTEM) {
            return FormValidation.warning("These credentials are System-scoped: builds cannot use them as the "
                    + "default. Use Global scope for credentials that jobs should use.");
        }
        return FormValidation.ok();
    }

    static FormValidation checkEndpoint(@CheckForNull String value, boolean optional) {
        if (Util.fixEmptyAndTrim(value) == null) {
            return optional
                    ? FormValidation.ok("Uses the endpoint of the global configuration.")
                    : FormValidation.warning("Without a default endpoint every step must name one.");
        }
        if (value.contains("${")) {
            return FormValidation.ok();
        }
        try {
            FoundryEndpoint.parse(value);
            return FormValidation.ok();
        } catch (IllegalArgumentException e) {
            return FormValidation.error(e.getMessage());
        }
    }

    static FormValidation checkApiVersion(@CheckForNull String value) {
        if (Util.fixEmptyAndTrim(value) == null) {
            return FormValidation.ok();
        }
        try {
            ApiVersion.parse(value);
            return FormValidation.ok();
        } catch (IllegalArgumentException e) {
            return FormValidation.error(e.getMessage());
        }
    }

    static FormValidation checkJobId(@CheckForNull String value) {
        if (value != null && value.contains("${")) {
            return FormValidation.ok(); // expanded at build time (freestyle)
        }
        String problem = JobIds.problemWith(value);
        return problem == null ? FormValidation.ok() : FormValidation.error(problem);
    }

    static FormValidation checkTimeout(@CheckForNull String value) {
        return FormValidation.validatePositiveInteger(value);
    }

    /**
     * Validates one bulk argument as typed in a form by handing it to the client's {@code BulkArguments}
     * (the one translation of these arguments), after the same text parsing the build does.
     */
    static FormValidation checkBulkArgument(String name, @CheckForNull String value) {
        if (Util.fixEmptyAndTrim(value) == null) {
            return FormValidation.ok();
        }
        if (value.contains("${")) {
            return FormValidation.ok(); // expanded at build time (freestyle)
        }
        try {
            Object argument =
                    switch (name) {
                        case "status", "jobIds" -> BulkText.words(value);
                        case "metadata" -> BulkText.metadata(value);
                        default -> value.trim();
                    };
            BulkArguments.toRequest(JobChange.PAUSE, Map.of(name, argument));
            return FormValidation.ok();
        } catch (IllegalArgumentException e) {
            return FormValidation.error(e.getMessage());
        }
    }

    static FormValidation checkLimit(@CheckForNull String value) {
        FormValidation positive = FormValidation.validatePositiveInteger(value);
        if (positive.kind != FormValidation.Kind.OK) {
            return positive;
        }
        return Integer.parseInt(value.trim()) > JobListing.MAX_LIMIT
                ? FormValidation.error("At most " + JobListing.MAX_LIMIT + ".")
                : FormValidation.ok();
    }

    /** Comma- or blank-separated words, normalised to {@code a, b}; blank: {@code null}. */
    @CheckForNull
    static String wordsOrNull(@CheckForNull String text) {
        List<String> words = BulkText.words(text);
        return words.isEmpty() ? null : String.join(", ", words);
    }

    /** {@code key=value} lines, normalised (trimmed, no blank lines) when they parse; blank: {@code null}. */
    @CheckForNull
    static String metadataOrNull(@CheckForNull String text) {
        String trimmed = Util.fixEmptyAndTrim(text);
        if (trimmed == null) {
            return null;
        }
        if (trimmed.contains("${")) {
            return trimmed; // expanded at build time (freestyle)
        }
        try {
            return Util.fixEmpty(BulkText.metadataText(BulkText.metadata(trimmed)));
        } catch (IllegalArgumentException e) {
            return trimmed; // reported, with the line, by form validation and at build time
        }
    }

    /**
     * Lists one job with the given settings; blank settings fall back to the global configuration.
     * Callers must have checked {@code Jenkins.ADMINISTER} or {@code Item.CONFIGURE}.
     */
    static FormValidation testConnection(
            @CheckForNull Item item,
            @CheckForNull String endpoint,
            @CheckForNull String credentialsId,
            @CheckForNull String apiVersion,
            int connectTimeoutSeconds,
            int responseTimeoutSeconds) {
        FoundryFineTuningConfiguration global = FoundryFineTuningConfiguration.get();
        String effectiveEndpoint = Clients.firstNonBlank(endpoint, global.getEndpoint());
        String effectiveCredentialsId = Clients.firstNonBlank(credentialsId, global.getCredentialsId());
        if (effectiveEndpoint == null) {
            return FormValidation.error("No endpoint: set one here or in the global configuration.");
        }
        if (effectiveCredentialsId == null) {
            return FormValidation.error("No credentials: select some here or in the global configuration.");
        }
        StandardCredentials credentials = lookupForForm(item, effectiveCredentialsId);
        if (credentials == null) {
            return FormValidation.error("Cannot find credentials with id '" + effectiveCredentialsId + "'.");
        }
        FoundryCredentialResolver resolver = FoundryCredentialResolver.forCredentials(credentials);
        if (resolver == null) {
            return FormValidation.error("Credentials '" + effectiveCredentialsId + "' are not of a supported kind; use "
                    + FoundryCredentialResolver.describeSupported() + ".");
        }
        try {
            FoundryCredential credential = resolver.resolve(credentials);
            try (FineTuningClient client = Clients.create(
                    effectiveEndpoint,
                    Clients.firstNonBlank(apiVersion, global.getApiVersion()),
                    credential,
                    connectTimeoutSeconds,
                    responseTimeoutSeconds,
                    0)) {
                Page<FineTuningJob> page = client.listJobs(null, 1);
                if (page.data().isEmpty()) {
                    return FormValidation.ok("Connected to " + client.endpoint() + ": no fine-tuning jobs yet.");
                }
                FineTuningJob first = page.data().get(0);
                return FormValidation.ok("Connected to " + client.endpoint() + ": latest job " + first.id() + " is "
                        + first.status().value() + ".");
            }
        } catch (FineTuningInterruptedException e) {
            Thread.currentThread().interrupt();
            return FormValidation.error("Interrupted.");
        } catch (FineTuningException | IllegalArgumentException e) {
            // Client messages are user-actionable and never carry a secret.
            return FormValidation.error(e.getMessage());
        }
    }
}
