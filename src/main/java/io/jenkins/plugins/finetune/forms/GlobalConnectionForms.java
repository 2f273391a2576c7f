package io.jenkins.plugins.finetune.forms;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.finetune.calls.FoundryTarget;
import io.jenkins.plugins.finetune.configuration.ConnectionForms;
import io.jenkins.plugins.finetune.configuration.FoundryResource;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/** The checks of the global configuration's forms, with the same helpers as the build steps' forms. */
@Extension
@Restricted(NoExternalUse.class)
public final class GlobalConnectionForms implements ConnectionForms {

    @Override
    public ListBoxModel fillCredentialsIdItems(@CheckForNull String credentialsId, @CheckForNull String endpoint) {
        return CredentialsField.fillCredentialsIdItems(null, credentialsId, endpoint);
    }

    @Override
    public FormValidation checkCredentialsId(@CheckForNull String value, @CheckForNull String endpoint) {
        return CredentialsField.checkCredentialsId(null, value, true, endpoint);
    }

    @Override
    public FormValidation checkEndpoint(@CheckForNull String value) {
        return FieldChecks.checkEndpoint(value, false);
    }

    @Override
    public FormValidation checkApiVersion(@CheckForNull String value) {
        return FieldChecks.checkApiVersion(value);
    }

    @Override
    public FormValidation testConnection(
            @CheckForNull String endpoint,
            @CheckForNull String apiVersion,
            @CheckForNull String credentialsId,
            int connectTimeoutSeconds,
            int responseTimeoutSeconds) {
        return ConnectionTest.testDefaults(
                new FoundryTarget(null, endpoint, apiVersion, credentialsId),
                connectTimeoutSeconds,
                responseTimeoutSeconds);
    }

    @Override
    public FormValidation testResource(@NonNull FoundryResource resource) {
        return ConnectionTest.testResource(resource);
    }
}
