package io.jenkins.plugins.finetune.calls;

import com.cloudbees.plugins.credentials.Credentials;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsStore;
import com.cloudbees.plugins.credentials.common.IdCredentials;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import com.cloudbees.plugins.credentials.domains.Domain;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.model.Item;
import hudson.model.ModelObject;
import io.jenkins.plugins.finetune.Messages;
import io.jenkins.plugins.finetune.credentials.AgentIdentityCredentials;
import io.jenkins.plugins.finetune.credentials.FoundryCredentialResolver;
import jenkins.model.Jenkins;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * Whose identity a connection may use, decided after the credentials are looked up and before any token is asked
 * for. Credentials that stand for the controller's own identity ({@link FoundryCredentialResolver#isAmbient}) are
 * the administrator's: only through the global configuration, with neither endpoint nor credentials named by the
 * step, and their tokens reach an agent only where the resource allows it. The agent's-identity credential is
 * refused on the built-in node, where the machine that would answer is the controller.
 */
@Restricted(NoExternalUse.class)
public final class IdentityRules {

    private IdentityRules() {}

    /** Why these credentials may not be used for this connection, for the user; {@code null}: they may. */
    @CheckForNull
    public static String refusal(
            @NonNull Connection connection,
            @NonNull StandardCredentials credentials,
            @NonNull FoundryCredentialResolver resolver) {
        String id = connection.credentialsId();
        String kind = credentials.getDescriptor().getDisplayName();
        String agent = connection.agent();
        if (credentials instanceof AgentIdentityCredentials) {
            return agent != null && agent.isEmpty()
                    ? Messages.IdentityRules_AgentIdentityOnBuiltInNode(id, kind)
                    : null; // without an agent, the route refuses them, saying where they work
        }
        if (!resolver.isAmbient(credentials)) {
            return null;
        }
        if (!connection.administered()) {
            return Messages.IdentityRules_ControllerIdentityNamedByStep(id, kind, Connection.where());
        }
        if (agent != null && !connection.agentsMayUseControllerIdentity()) {
            return Messages.IdentityRules_ControllerIdentityToAgent(
                    id,
                    kind,
                    AgentRoute.describe(agent),
                    connection.resource() != null
                            ? Messages.IdentityRules_ResourceDoesNotAllow(connection.resource())
                            : Messages.IdentityRules_OnlyAResourceAllows(),
                    Messages.AgentIdentityCredentials_DisplayName());
        }
        return null;
    }

    /**
     * Why credentials that stand for the controller's own identity may not be used when a folder of {@code job}
     * holds credentials of their id, for the user; {@code null}: they may. A build finds a folder's credentials
     * before Jenkins' own of the same id, so a team could otherwise slip its own managed identity (say, with the
     * client id of another team's identity on the controller) under the id of an administrator's resource.
     */
    @CheckForNull
    public static String folderCopyRefusal(
            @NonNull Connection connection,
            @NonNull StandardCredentials credentials,
            @NonNull FoundryCredentialResolver resolver,
            @NonNull Item job) {
        String id = connection.credentialsId();
        if (id == null || !resolver.isAmbient(credentials)) {
            return null;
        }
        for (CredentialsStore store : CredentialsProvider.lookupStores(job)) {
            ModelObject context = store.getContext();
            if (context instanceof Jenkins) {
                continue; // the administrator's
            }
            for (Domain domain : store.getDomains()) {
                for (Credentials held : store.getCredentials(domain)) {
                    if (held instanceof IdCredentials withId && id.equals(withId.getId())) {
                        return Messages.IdentityRules_ControllerIdentityInFolder(
                                id, credentials.getDescriptor().getDisplayName(), context.getDisplayName());
                    }
                }
            }
        }
        return null;
    }
}
