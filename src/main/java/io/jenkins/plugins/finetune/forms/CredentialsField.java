package io.jenkins.plugins.finetune.forms;

import com.cloudbees.plugins.credentials.CredentialsMatcher;
import com.cloudbees.plugins.credentials.CredentialsMatchers;
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
import io.jenkins.plugins.finetune.Messages;
import io.jenkins.plugins.finetune.calls.Connection;
import io.jenkins.plugins.finetune.calls.FoundryTarget;
import io.jenkins.plugins.finetune.calls.HostRequirements;
import io.jenkins.plugins.finetune.client.FoundryEndpoint;
import io.jenkins.plugins.finetune.configuration.FormAccess;
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

    /**
     * The credentials a build could send to {@code endpoint}: those whose domain admits its host (all, while the
     * endpoint is blank or does not parse yet); in a job's or folder's form, not those that stand for the
     * controller's own identity, which builds refuse when a job names them.
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
                            FoundryCredentialResolver.namedByJobs());
        }
        return result.includeCurrentValue(current);
    }

    /**
     * The credentials with this id that may be sent where the requirements say, as the form's context sees them (not
     * as a build): for "Test connection", which uses them against Azure; checks list instead (see below).
     */
    @CheckForNull
    public static StandardCredentials lookupForConnectionTest(
            @CheckForNull Item item, String credentialsId, List<DomainRequirement> requirements) {
        List<StandardCredentials> found = item == null
                ? CredentialsProvider.lookupCredentialsInItemGroup(
                        StandardCredentials.class, Jenkins.get(), ACL.SYSTEM2, requirements)
                : CredentialsProvider.lookupCredentialsInItem(
                        StandardCredentials.class, item, FormAccess.authenticationOf(item), requirements);
        return CredentialsMatchers.firstOrNull(found, CredentialsMatchers.withId(credentialsId));
    }

    /**
     * Whether credentials matching {@code matcher} are visible in the form's context: a listing (ids and names), which
     * reads no secret and, with external credentials providers, records no usage (the consumer guide's advice).
     */
    private static boolean listed(
            @CheckForNull Item item, List<DomainRequirement> requirements, CredentialsMatcher matcher) {
        ListBoxModel listed = item == null
                ? CredentialsProvider.listCredentialsInItemGroup(
                        StandardCredentials.class, Jenkins.get(), ACL.SYSTEM2, requirements, matcher)
                : CredentialsProvider.listCredentialsInItem(
                        StandardCredentials.class, item, FormAccess.authenticationOf(item), requirements, matcher);
        return !listed.isEmpty();
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
            return global ? FormValidation.ok() : FormValidation.ok(Messages.CredentialsField_UsesResourceOrDefault());
        }
        if (id.startsWith("${") && id.endsWith("}")) {
            return FormValidation.warning(Messages.CredentialsField_Expression());
        }
        CredentialsMatcher withId = CredentialsMatchers.withId(id);
        if (!listed(item, List.of(), withId)) {
            return FormValidation.error(Messages.CredentialsField_NotFound(id));
        }
        List<DomainRequirement> requirements = HostRequirements.ofText(endpoint);
        if (!requirements.isEmpty() && !listed(item, requirements, withId)) {
            return FormValidation.error(Messages.CredentialsField_NotForHost(
                    id, FoundryEndpoint.parse(endpoint).host()));
        }
        if (!listed(item, List.of(), CredentialsMatchers.allOf(withId, FoundryCredentialResolver.anySupported()))) {
            return FormValidation.error(
                    Messages.CredentialsField_Unsupported(id, FoundryCredentialResolver.describeSupported()));
        }
        if (item != null
                && !listed(
                        item, List.of(), CredentialsMatchers.allOf(withId, FoundryCredentialResolver.namedByJobs()))) {
            return FormValidation.error(Messages.CredentialsField_ControllerIdentity(id));
        }
        if (global
                && listed(
                        item,
                        List.of(),
                        CredentialsMatchers.allOf(withId, CredentialsMatchers.withScope(CredentialsScope.SYSTEM)))) {
            return FormValidation.warning(Messages.CredentialsField_SystemScoped());
        }
        return FormValidation.ok();
    }
}
