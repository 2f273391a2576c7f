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
 * The form checks of a bulk change's own fields ({@code jobIds}, {@code timeout}, {@code concurrency}) besides the
 * selector's, for the bulk steps (whose form the freestyle bulk build steps render too).
 */
@Restricted(NoExternalUse.class)
public interface BulkChangeFieldForms extends SelectorFieldForms {

    @POST
    default FormValidation doCheckJobIds(@AncestorInPath Item item, @QueryParameter String value) {
        return FormAccess.ifCanConfigure(item, () -> FieldChecks.checkBulkArgument("jobIds", value));
    }

    @POST
    default FormValidation doCheckTimeout(@AncestorInPath Item item, @QueryParameter String value) {
        return FormAccess.ifCanConfigure(item, () -> FieldChecks.checkTimeout(value));
    }

    @POST
    default FormValidation doCheckConcurrency(@AncestorInPath Item item, @QueryParameter String value) {
        return FormAccess.ifCanConfigure(item, () -> FieldChecks.checkBulkArgument("concurrency", value));
    }
}
