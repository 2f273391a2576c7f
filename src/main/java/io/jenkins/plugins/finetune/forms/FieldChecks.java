package io.jenkins.plugins.finetune.forms;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.Util;
import hudson.model.Item;
import hudson.util.FormValidation;
import io.jenkins.plugins.finetune.Messages;
import io.jenkins.plugins.finetune.calls.Clients;
import io.jenkins.plugins.finetune.changes.BulkText;
import io.jenkins.plugins.finetune.client.ApiVersion;
import io.jenkins.plugins.finetune.client.FoundryEndpoint;
import io.jenkins.plugins.finetune.client.JobIds;
import io.jenkins.plugins.finetune.client.JobStatus;
import io.jenkins.plugins.finetune.client.bulk.BulkArguments;
import io.jenkins.plugins.finetune.client.bulk.JobListing;
import io.jenkins.plugins.finetune.client.ops.JobChange;
import io.jenkins.plugins.finetune.configuration.FoundryFineTuningConfiguration;
import io.jenkins.plugins.finetune.configuration.FoundryFolderProperty;
import io.jenkins.plugins.finetune.configuration.FoundryResource;
import java.util.Map;
import java.util.regex.Pattern;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * Checks of the text fields shared by the steps, the build steps and the global configuration; each hands the value to the client's own validation so that forms and builds agree.
 */
@Restricted(NoExternalUse.class)
public final class FieldChecks {

    /** What Azure's fine-tuning job ids look like: {@code ftjob-} and letters and digits. */
    private static final Pattern AZURE_JOB_ID = Pattern.compile("ftjob-[A-Za-z0-9]+");

    private FieldChecks() {}

    public static FormValidation checkEndpoint(@CheckForNull String value, boolean optional) {
        if (Util.fixEmptyAndTrim(value) == null) {
            return optional
                    ? FormValidation.ok(Messages.FieldChecks_GlobalEndpoint())
                    : FormValidation.warning(Messages.FieldChecks_NoDefaultEndpoint());
        }
        if (value.contains("${")) {
            return FormValidation.ok();
        }
        try {
            Clients.checkScheme(FoundryEndpoint.parse(value));
            return FormValidation.ok();
        } catch (IllegalArgumentException e) {
            return FormValidation.error(e.getMessage());
        }
    }

    /**
     * The {@code endpoint} of a step or build step: blank says where the endpoint comes from instead (the chosen
     * resource, the folder's default resource, else the global configuration).
     */
    public static FormValidation checkStepEndpoint(
            @CheckForNull Item item, @CheckForNull String value, @CheckForNull String resource) {
        if (Util.fixEmptyAndTrim(value) != null) {
            return checkEndpoint(value, true);
        }
        String named = Util.fixEmptyAndTrim(resource);
        if (named != null && named.contains("${")) {
            return FormValidation.ok(); // expanded at build time (freestyle)
        }
        if (named == null) {
            String folderDefault = FoundryFolderProperty.nearestResource(item == null ? null : item.getParent());
            if (folderDefault != null) {
                return FormValidation.ok(Messages.FieldChecks_FolderResourceEndpoint(folderDefault));
            }
            return FormValidation.ok(Messages.FieldChecks_GlobalEndpoint());
        }
        FoundryResource configured = FoundryFineTuningConfiguration.get().getResource(named);
        if (configured == null) {
            return FormValidation.ok(); // the resource field says it is not configured
        }
        return FormValidation.ok(Messages.FieldChecks_ResourceEndpoint(named));
    }

    public static FormValidation checkApiVersion(@CheckForNull String value) {
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

    /**
     * Blank is not an error before the user typed (the build says the field is required); an id the client refuses
     * is an error; an id that is not of Azure's {@code ftjob-} form (a legacy {@code ft-} id, a pasted model name) is
     * only a warning, since the build sends it anyway and Azure's answer decides.
     */
    public static FormValidation checkJobId(@CheckForNull String value) {
        if (Util.fixEmptyAndTrim(value) == null || value.contains("${")) {
            return FormValidation.ok(); // required at build time; expanded at build time (freestyle)
        }
        if (JobIds.problemWith(value) != null) {
            return FormValidation.error(Messages.FieldChecks_InvalidJobId());
        }
        return AZURE_JOB_ID.matcher(value.trim()).matches()
                ? FormValidation.ok()
                : FormValidation.warning(Messages.FieldChecks_NotAnAzureJobId());
    }

    public static FormValidation checkTimeout(@CheckForNull String value) {
        return FormValidation.validatePositiveInteger(value);
    }

    /**
     * Validates one bulk argument as typed in a form by handing it to the client's {@code BulkArguments}
     * (the one translation of these arguments), after the same text parsing the build does.
     */
    public static FormValidation checkBulkArgument(String name, @CheckForNull String value) {
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
            if (name.equals("status")) {
                for (String status : BulkText.words(value)) {
                    if (!JobStatus.of(status).isKnown()) {
                        return FormValidation.warning(Messages.FieldChecks_UnknownStatus(status));
                    }
                }
            }
            return FormValidation.ok();
        } catch (IllegalArgumentException e) {
            return FormValidation.error(e.getMessage());
        }
    }

    public static FormValidation checkLimit(@CheckForNull String value) {
        FormValidation positive = FormValidation.validatePositiveInteger(value);
        if (positive.kind != FormValidation.Kind.OK) {
            return positive;
        }
        return Integer.parseInt(value.trim()) > JobListing.MAX_LIMIT
                ? FormValidation.error(Messages.FieldChecks_LimitAtMost(String.valueOf(JobListing.MAX_LIMIT)))
                : FormValidation.ok();
    }
}
