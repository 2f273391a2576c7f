package io.jenkins.plugins.finetune.credentials;

import com.cloudbees.plugins.credentials.CredentialsMatcher;
import com.cloudbees.plugins.credentials.CredentialsMatchers;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import io.jenkins.plugins.finetune.Messages;
import io.jenkins.plugins.finetune.client.FoundryCredential;
import io.jenkins.plugins.finetune.client.TransportCredential;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * {@link AgentIdentityCredentials}: the token is added on the agent, by the transport that makes the call there; the
 * controller's client holds only a description of the identity.
 */
@Extension(ordinal = 10)
@Restricted(NoExternalUse.class)
public final class AgentIdentityCredentialResolver extends FoundryCredentialResolver {

    @NonNull
    @Override
    public CredentialsMatcher matcher() {
        return CredentialsMatchers.instanceOf(AgentIdentityCredentials.class);
    }

    @NonNull
    @Override
    public String describe() {
        return Messages.AgentIdentityCredentials_DisplayName();
    }

    @NonNull
    @Override
    public FoundryCredential resolve(@NonNull StandardCredentials credentials) {
        return new TransportCredential(((AgentIdentityCredentials) credentials).describeIdentity());
    }
}
