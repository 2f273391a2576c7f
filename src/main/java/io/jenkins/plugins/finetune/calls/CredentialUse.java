package io.jenkins.plugins.finetune.calls;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.init.Terminator;
import hudson.model.Run;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * Records that a build used credentials ({@link CredentialsProvider#track}) once per build and version of the
 * credentials, not on every call: tracking rewrites the credentials' fingerprint file under one lock, so hundreds of
 * waiting builds polling on the same credentials would queue behind one disk write per poll (measured: with 200
 * waiting builds, 103 of 110 busy call threads were blocked there). A changed secret is a new version, tracked
 * again; after a restart the first call tracks again, which the fingerprint takes as the same use.
 */
@Restricted(NoExternalUse.class)
public final class CredentialUse {

    /** Uses remembered; older ones are forgotten, so a build that goes on long after is tracked once more. */
    private static final int REMEMBERED = 4096;

    private static final Set<String> TRACKED =
            Collections.newSetFromMap(Collections.synchronizedMap(new LinkedHashMap<>(256, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                    return size() > REMEMBERED;
                }
            }));

    private CredentialUse() {}

    /** Tracks the use, unless this build already used this version of the credentials. */
    static void trackOnce(
            @NonNull Run<?, ?> run, @NonNull StandardCredentials credentials, @NonNull CredentialKey version) {
        // The start time tells a build from an earlier one of the same number (a job deleted and made again).
        String use = run.getExternalizableId()
                + '@'
                + run.getTimeInMillis()
                + '\n'
                + version.credentialsId()
                + '\n'
                + version.fingerprint();
        if (TRACKED.add(use)) {
            CredentialsProvider.track(run, credentials);
        }
    }

    /** A Jenkins that stops forgets its builds' uses; the next one tracks each build's first call again. */
    @Terminator
    public static void forget() {
        TRACKED.clear();
    }
}
