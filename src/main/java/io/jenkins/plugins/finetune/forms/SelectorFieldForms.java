package io.jenkins.plugins.finetune.forms;

import hudson.model.Item;
import hudson.util.FormValidation;
import io.jenkins.plugins.finetune.configuration.FormAccess;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * The one set of form checks of the job selector fields ({@code status}, {@code suffixRegex}, {@code metadata}),
 * for {@code fineTuneJobs} and the bulk steps (whose form the freestyle bulk build steps render too); default
 * methods, as {@link ConnectionFieldForms}'s, so that they stay with the other form helpers.
 */
@Restricted(NoExternalUse.class)
public interface SelectorFieldForms {

    @POST
    default FormValidation doCheckStatus(@AncestorInPath Item item, @QueryParameter String value) {
        return FormAccess.ifCanConfigure(item, () -> FieldChecks.checkBulkArgument("status", value));
    }

    @POST
    default FormValidation doCheckSuffixRegex(@AncestorInPath Item item, @QueryParameter String value) {
        return FormAccess.ifCanConfigure(item, () -> FieldChecks.checkBulkArgument("suffixRegex", value));
    }

    @POST
    default FormValidation doCheckMetadata(@AncestorInPath Item item, @QueryParameter String value) {
        return FormAccess.ifCanConfigure(item, () -> FieldChecks.checkBulkArgument("metadata", value));
    }
}
