package io.jenkins.plugins.finetune.calls;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import io.jenkins.plugins.finetune.Messages;
import java.io.Serial;
import java.io.Serializable;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * Calls made from an agent: which node, and, for the agent's managed identity, which identity and token scope the
 * agent asks its token endpoint for. Holds no secret.
 *
 * @param node the node's name ({@code ""}: the built-in node)
 * @param identityClientId the client id of a user-assigned identity; {@code null}: system-assigned (or no identity)
 * @param identityScope the Entra ID scope of the agent's managed identity; {@code null}: the credential is the
 *     controller's (an API key or a token travels with each call)
 */
@Restricted(NoExternalUse.class)
public record AgentRoute(
        @NonNull String node,
        @CheckForNull String identityClientId,
        @CheckForNull String identityScope) implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    /** Whether the agent adds the token of its own managed identity. */
    public boolean managedIdentity() {
        return identityScope != null;
    }

    /** {@code agent 'name'}, for messages. */
    @NonNull
    public String describe() {
        return describe(node);
    }

    /** {@code agent 'name'}, or the built-in node for {@code ""}. */
    @NonNull
    static String describe(@NonNull String node) {
        return node.isEmpty() ? Messages.AgentRoute_BuiltInNode() : Messages.AgentRoute_Agent(node);
    }
}
