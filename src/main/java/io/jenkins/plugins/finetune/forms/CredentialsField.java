package io.jenkins.plugins.finetune.forms;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import com.cloudbees.plugins.credentials.common.StandardListBoxModel;
import com.cloudbees.plugins.credentials.domains.DomainRequirement;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.Util;
import hudson.model.Item;
import hudson.security.ACL;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.finetune.client.FoundryEndpoint;
import io.jenkins.plugins.finetune.credentials.FoundryCredentialResolver;
import io.jenkins.plugins.finetune.execution.Connection;
import io.jenkins.plugins.finetune.execution.FoundryTarget;
import io.jenkins.plugins.finetune.execution.HostRequirements;
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

    /**
     * The credentials a build could send to {@code endpoint}: those whose domain admits its host (all, while the
     * endpoint is blank or does not parse yet).
     */
    public static ListBoxModel fillCredentialsIdItems(
            @CheckForNull Item item, @CheckForNull String credentialsId, @CheckForNull String endpoint) {
        List<DomainRequirement> requirements = HostRequirements.ofText(endpoint);
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
                            requirements,
                            FoundryCredentialResolver.anySupported());
        } else {
            result.includeEmptyValue()
                    .includeMatchingAs(
                            FormAccess.authenticationOf(item),
                            item,
                            StandardCredentials.class,
                            requirements,
                            FoundryCredentialResolver.anySupported());
        }
        return result.includeCurrentValue(current);
    }

    /** Looks credentials up as the form's context sees them (not as a build): for validation only. */
    @CheckForNull
    public static StandardCredentials lookupForForm(@CheckForNull Item item, String credentialsId) {
        return lookupForForm(item, credentialsId, List.of());
    }

    /** As {@link #lookupForForm(Item, String)}, only among credentials whose domain meets the requirements. */
    @CheckForNull
    public static StandardCredentials lookupForForm(
            @CheckForNull Item item, String credentialsId, List<DomainRequirement> requirements) {
        if (item == null) {
            return CredentialsProvider.findCredentialByIdInItemGroup(
                    credentialsId, StandardCredentials.class, Jenkins.get(), ACL.SYSTEM2, requirements);
        }
        return CredentialsProvider.findCredentialByIdInItem(
                credentialsId, StandardCredentials.class, item, FormAccess.authenticationOf(item), requirements);
    }

    /** The host named in a form (explicit endpoint, else the resource's, folder's or global), or {@code null}. */
    @CheckForNull
    public static String endpointOf(
            @CheckForNull Item item, @CheckForNull String resource, @CheckForNull String endpoint) {
        if (endpoint != null && endpoint.contains("${") || resource != null && resource.contains("${")) {
            return null; // known at build time only
        }
        try {
            return Connection.resolve(
                            new FoundryTarget(resource, endpoint, null, null), item == null ? null : item.getParent())
                    .endpoint()
                    .baseUrl();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * @param global whether this is the global default, which builds use: System-scoped credentials are
     *     then flagged, since jobs cannot see them
     */
    public static FormValidation checkCredentialsId(
            @CheckForNull Item item, @CheckForNull String value, boolean global, @CheckForNull String endpoint) {
        String id = Util.fixEmptyAndTrim(value);
        if (id == null) {
            return global
                    ? FormValidation.ok()
                    : FormValidation.ok(
                            "Uses the credentials of the resource, else the default credentials of the global configuration.");
        }
        if (id.startsWith("${") && id.endsWith("}")) {
            return FormValidation.warning("Cannot validate expression-based credentials.");
        }
        StandardCredentials credentials = lookupForForm(item, id);
        if (credentials == null) {
            return FormValidation.error("Cannot find credentials with id '" + id + "'.");
        }
        List<DomainRequirement> requirements = HostRequirements.ofText(endpoint);
        if (!requirements.isEmpty() && lookupForForm(item, id, requirements) == null) {
            return FormValidation.error("Credentials '" + id + "' may not be sent to host "
                    + FoundryEndpoint.parse(endpoint).host()
                    + ": the credentials domain they are in does not include it.");
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
