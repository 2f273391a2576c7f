package io.jenkins.plugins.finetune.forms;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import com.cloudbees.plugins.credentials.common.StandardListBoxModel;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.Util;
import hudson.model.Item;
import hudson.security.ACL;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.finetune.credentials.FoundryCredentialResolver;
import java.util.List;
import jenkins.model.Jenkins;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * The credentials field of every form: its drop-down and its check, with lookups as the form's context sees them.
 */
@Restricted(NoExternalUse.class)
public final class CredentialsField {

    private CredentialsField() {}

    public static ListBoxModel fillCredentialsIdItems(@CheckForNull Item item, @CheckForNull String credentialsId) {
        StandardListBoxModel result = new StandardListBoxModel();
        String current = Util.fixNull(credentialsId);
        if (!FormAccess.canConfigure(item)) {
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
                            FormAccess.authenticationOf(item),
                            item,
                            StandardCredentials.class,
                            List.of(),
                            FoundryCredentialResolver.anySupported());
        }
        return result.includeCurrentValue(current);
    }

    /** Looks credentials up as the form's context sees them (not as a build): for validation only. */
    @CheckForNull
    public static StandardCredentials lookupForForm(@CheckForNull Item item, String credentialsId) {
        if (item == null) {
            return CredentialsProvider.findCredentialByIdInItemGroup(
                    credentialsId, StandardCredentials.class, Jenkins.get(), ACL.SYSTEM2, List.of());
        }
        return CredentialsProvider.findCredentialByIdInItem(
                credentialsId, StandardCredentials.class, item, FormAccess.authenticationOf(item), List.of());
    }

    /**
     * @param global whether this is the global default, which builds use: System-scoped credentials are
     *     then flagged, since jobs cannot see them
     */
    public static FormValidation checkCredentialsId(
            @CheckForNull Item item, @CheckForNull String value, boolean global) {
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
}
