package io.jenkins.plugins.finetune.forms;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.model.Item;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.finetune.Messages;
import io.jenkins.plugins.finetune.configuration.CallFrom;
import io.jenkins.plugins.finetune.configuration.FormAccess;
import io.jenkins.plugins.finetune.configuration.ResourceField;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * The one set of form methods of the four connection fields ({@code resource}, {@code credentialsId},
 * {@code endpoint}, {@code apiVersion}), for the descriptors of the Pipeline steps and {@code withFoundry} (the
 * freestyle build steps render the steps' forms, so these methods serve them too). {@code withFoundry}'s descriptor
 * is no fine-tuning step's, so the methods are shared as an interface's default methods, which Stapler and
 * {@code Descriptor} find like a class's own. Every method is a POST and checks that the user may configure the
 * item, as a form method of the descriptor itself would.
 */
@Restricted(NoExternalUse.class)
public interface ConnectionFieldForms {

    /** What a blank {@code resource} means in this form, e.g. "the folder default". */
    @NonNull
    String blankResourceLabel();

    /** What a blank {@code callFrom} means in this form. */
    @NonNull
    default String blankCallFromLabel() {
        return Messages.CallFrom_Inherit();
    }

    /** A fixed list, shown to those who may configure the item, as every other field's. */
    @POST
    default ListBoxModel doFillCallFromItems(@AncestorInPath Item item) {
        ListBoxModel items = new ListBoxModel();
        if (!FormAccess.canConfigure(item)) {
            return items;
        }
        items.add(blankCallFromLabel(), "");
        items.add(Messages.CallFrom_Controller(), CallFrom.CONTROLLER.value());
        items.add(Messages.CallFrom_Agent(), CallFrom.AGENT.value());
        return items;
    }

    @POST
    default ListBoxModel doFillCredentialsIdItems(
            @AncestorInPath Item item,
            @QueryParameter String credentialsId,
            @QueryParameter String resource,
            @QueryParameter String endpoint) {
        return CredentialsField.fillCredentialsIdItems(
                item, credentialsId, CredentialsField.endpointOf(item, resource, endpoint));
    }

    @POST
    default FormValidation doCheckCredentialsId(
            @AncestorInPath Item item,
            @QueryParameter String value,
            @QueryParameter String resource,
            @QueryParameter String endpoint) {
        return FormAccess.ifCanConfigure(
                item,
                () -> CredentialsField.checkCredentialsId(
                        item, value, false, CredentialsField.endpointOf(item, resource, endpoint)));
    }

    @POST
    default ListBoxModel doFillResourceItems(@AncestorInPath Item item, @QueryParameter String resource) {
        return ResourceField.fillResourceItems(item, resource, blankResourceLabel());
    }

    @POST
    default FormValidation doCheckResource(@AncestorInPath Item item, @QueryParameter String value) {
        return FormAccess.ifCanConfigure(item, () -> ResourceField.checkResource(value));
    }

    @POST
    default FormValidation doCheckEndpoint(
            @AncestorInPath Item item, @QueryParameter String value, @QueryParameter String resource) {
        return FormAccess.ifCanConfigure(item, () -> FieldChecks.checkStepEndpoint(item, value, resource));
    }

    @POST
    default FormValidation doCheckApiVersion(@AncestorInPath Item item, @QueryParameter String value) {
        return FormAccess.ifCanConfigure(item, () -> FieldChecks.checkApiVersion(value));
    }
}
