package io.jenkins.plugins.finetune.configuration;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.ExtensionList;
import hudson.ExtensionPoint;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * The fields of the global configuration and its resources that are checked the way a build would use them:
 * credentials as seen for an endpoint, the endpoint's scheme, and "Test connection". Those checks resolve a target
 * and call the client, which the execution layer above this package does; the configuration's form methods reach
 * them through this interface (implemented in the forms package) so that this package imports nothing above it.
 */
@Restricted(NoExternalUse.class)
public interface ConnectionForms extends ExtensionPoint {

    /** The one implementation, registered as an extension. */
    static ConnectionForms get() {
        return ExtensionList.lookupSingleton(ConnectionForms.class);
    }

    /** The credentials drop-down of a global form, for {@code endpoint}. */
    ListBoxModel fillCredentialsIdItems(@CheckForNull String credentialsId, @CheckForNull String endpoint);

    /** The check of a global default credentials id, for {@code endpoint}. */
    FormValidation checkCredentialsId(@CheckForNull String value, @CheckForNull String endpoint);

    /** The check of a required endpoint's text. */
    FormValidation checkEndpoint(@CheckForNull String value);

    /** The check of an api-version's text. */
    FormValidation checkApiVersion(@CheckForNull String value);

    /** "Test connection" of the global configuration's form values. Callers check {@code Jenkins.ADMINISTER}. */
    FormValidation testConnection(
            @CheckForNull String endpoint,
            @CheckForNull String apiVersion,
            @CheckForNull String credentialsId,
            int connectTimeoutSeconds,
            int responseTimeoutSeconds);

    /** "Test connection" of one resource's form values. Callers check {@code Jenkins.ADMINISTER}. */
    FormValidation testResource(@NonNull FoundryResource resource);
}
