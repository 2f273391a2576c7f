package io.jenkins.plugins.finetune.calls;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;

/**
 * Which shared client credential to use: the credentials' id, their {@link CredentialFingerprint} (a changed
 * secret gives another key) and the Entra ID token scope.
 *
 * @param tokenScope {@code null}: the resolver's own choice (the credentials' cloud)
 */
record CredentialKey(
        @NonNull String credentialsId,
        @NonNull String fingerprint,
        @CheckForNull String tokenScope) {

    @Override
    public String toString() {
        return "credentials '" + credentialsId + "' #" + fingerprint.substring(0, 8)
                + (tokenScope == null ? "" : " for " + tokenScope);
    }
}
