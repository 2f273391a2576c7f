package io.jenkins.plugins.finetune.credentials;

import com.cloudbees.plugins.credentials.Credentials;
import com.cloudbees.plugins.credentials.CredentialsMatcher;
import com.cloudbees.plugins.credentials.CredentialsMatchers;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.ExtensionList;
import hudson.ExtensionPoint;
import io.jenkins.plugins.finetune.client.FoundryCredential;
import java.util.ArrayList;
import java.util.List;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * Turns one kind of Jenkins credentials into the client's {@link FoundryCredential}.
 *
 * <p>Built in: Secret text ({@link ApiKeyCredentialResolver}, {@code api-key} header) and, only when
 * the Azure Credentials plugin is installed, Azure service principals and managed identities
 * ({@link AzureCredentialResolver}, Microsoft Entra ID bearer tokens). The credentials drop-downs list
 * exactly the kinds some resolver supports.
 */
public abstract class FoundryCredentialResolver implements ExtensionPoint {

    /** Which credentials this resolver can use; also filters the credentials drop-downs. */
    @NonNull
    public abstract CredentialsMatcher matcher();

    /** Human-readable name of the credentials kinds this resolver accepts, for error messages. */
    @NonNull
    public abstract String describe();

    /**
     * The client credential for these credentials. Called only when {@link #matcher()} matched. Must not
     * put any secret in an exception message.
     */
    @NonNull
    public abstract FoundryCredential resolve(@NonNull StandardCredentials credentials);

    /**
     * As {@link #resolve(StandardCredentials)}, for a resource that names the Microsoft Entra ID token scope
     * ({@code null}: the resolver's own choice). Credentials without tokens ignore it.
     */
    @NonNull
    public FoundryCredential resolve(@NonNull StandardCredentials credentials, @CheckForNull String tokenScope) {
        return resolve(credentials);
    }

    /**
     * Whether these credentials stand for the controller's own identity rather than hold a secret of their own,
     * e.g. the managed identity of the VM Jenkins runs on: anyone who may name them could have the controller mint
     * a token for that identity. Such credentials are used only through the administrator's global configuration
     * (a resource, or the default endpoint with the default credentials), and their tokens go to an agent only
     * where a resource allows it. Called only when {@link #matcher()} matched; {@code false} by default.
     */
    public boolean isAmbient(@NonNull StandardCredentials credentials) {
        return false;
    }

    @Restricted(NoExternalUse.class)
    @NonNull
    public static List<FoundryCredentialResolver> all() {
        return ExtensionList.lookup(FoundryCredentialResolver.class);
    }

    /** Matches every credentials kind some installed resolver supports. */
    @Restricted(NoExternalUse.class)
    @NonNull
    public static CredentialsMatcher anySupported() {
        List<CredentialsMatcher> matchers = new ArrayList<>();
        for (FoundryCredentialResolver resolver : all()) {
            matchers.add(resolver.matcher());
        }
        return matchers.isEmpty()
                ? CredentialsMatchers.never()
                : CredentialsMatchers.anyOf(matchers.toArray(new CredentialsMatcher[0]));
    }

    /**
     * Matches the kinds a job or folder may name: supported, and not standing for the controller's own identity,
     * which builds use only as an administrator configured it ({@link #isAmbient}), so job forms do not offer it.
     */
    @Restricted(NoExternalUse.class)
    @NonNull
    public static CredentialsMatcher namedByJobs() {
        return CredentialsMatchers.allOf(anySupported(), CredentialsMatchers.not(new ControllerIdentity()));
    }

    /** Credentials some installed resolver takes for the controller's own identity. */
    private static final class ControllerIdentity implements CredentialsMatcher {

        private static final long serialVersionUID = 1L;

        @Override
        public boolean matches(@NonNull Credentials item) {
            if (!(item instanceof StandardCredentials credentials)) {
                return false;
            }
            FoundryCredentialResolver resolver = forCredentials(credentials);
            return resolver != null && resolver.isAmbient(credentials);
        }
    }

    /** The first resolver that accepts these credentials, or {@code null} if no installed one does. */
    @Restricted(NoExternalUse.class)
    @CheckForNull
    public static FoundryCredentialResolver forCredentials(@NonNull StandardCredentials credentials) {
        for (FoundryCredentialResolver resolver : all()) {
            if (resolver.matcher().matches(credentials)) {
                return resolver;
            }
        }
        return null;
    }

    /**
     * The kinds the installed resolvers accept, as a list a sentence can end with: "Secret text (API key); Azure
     * service principal or managed identity; …" (a kind's own name may hold an "or").
     */
    @Restricted(NoExternalUse.class)
    @NonNull
    public static String describeSupported() {
        List<String> names = new ArrayList<>();
        for (FoundryCredentialResolver resolver : all()) {
            names.add(resolver.describe());
        }
        return String.join("; ", names);
    }
}
