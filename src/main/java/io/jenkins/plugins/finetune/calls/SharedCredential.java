package io.jenkins.plugins.finetune.calls;

import edu.umd.cs.findbugs.annotations.NonNull;
import io.jenkins.plugins.finetune.client.FoundryCredential;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * A client credential shared by every call with the same {@link CredentialKey}, so that a
 * {@link io.jenkins.plugins.finetune.client.BearerTokenCredential} asks Entra ID once per lifetime of its token.
 */
@Restricted(NoExternalUse.class)
public final class SharedCredential {

    private final CredentialKey key;
    private final FoundryCredential credential;
    private volatile long lastUsedNanos;

    SharedCredential(@NonNull CredentialKey key, @NonNull FoundryCredential credential) {
        this.key = key;
        this.credential = credential;
        touch();
    }

    @NonNull
    CredentialKey key() {
        return key;
    }

    @NonNull
    FoundryCredential credential() {
        return credential;
    }

    void touch() {
        lastUsedNanos = System.nanoTime();
    }

    boolean idleSince(long cutoffNanos) {
        return lastUsedNanos - cutoffNanos < 0;
    }

    @Override
    public String toString() {
        return "SharedCredential[" + key + "]";
    }
}
