package io.jenkins.plugins.finetune.calls;

import com.cloudbees.plugins.credentials.common.StandardCredentials;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import io.jenkins.plugins.finetune.Messages;
import io.jenkins.plugins.finetune.credentials.AgentIdentityCredentials;
import io.jenkins.plugins.finetune.credentials.FoundryCredentialResolver;
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
}
