package io.jenkins.plugins.finetune.credentials;

import com.cloudbees.plugins.credentials.CredentialsMatcher;
import com.cloudbees.plugins.credentials.CredentialsMatchers;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import io.jenkins.plugins.finetune.Messages;
import io.jenkins.plugins.finetune.client.ApiKeyCredential;
import io.jenkins.plugins.finetune.client.FoundryCredential;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/** Secret text credentials: the resource's API key, sent as the {@code api-key} header. */
@Extension(ordinal = 100)
@Restricted(NoExternalUse.class)
public final class ApiKeyCredentialResolver extends FoundryCredentialResolver {

    @NonNull
    @Override
    public CredentialsMatcher matcher() {
        return CredentialsMatchers.instanceOf(StringCredentials.class);
    }

    @NonNull
    @Override
    public String describe() {
        return Messages.ApiKeyCredentialResolver_Kind();
    }

    @NonNull
    @Override
    public FoundryCredential resolve(@NonNull StandardCredentials credentials) {
        return new ApiKeyCredential(
                ((StringCredentials) credentials).getSecret().getPlainText());
    }
}
