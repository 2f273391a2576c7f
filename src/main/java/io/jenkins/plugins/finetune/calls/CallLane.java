package io.jenkins.plugins.finetune.calls;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.model.ItemGroup;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * Which fair share of the call pool ({@link FoundryExecutors.Generation#calls(String)}) a step's calls take: the
 * endpoint they go to and the agent that makes them, as {@link Connection#resolve} finds them. A target that does not
 * resolve (its call fails at once, naming why) takes a lane of its own words.
 */
@Restricted(NoExternalUse.class)
public final class CallLane {

    private CallLane() {}

    /**
     * @param target what the step names
     * @param folder where the job is (for folder defaults); {@code null}: none
     */
    @NonNull
    public static String of(@NonNull FoundryTarget target, @CheckForNull ItemGroup<?> folder) {
        Connection connection;
        try {
            connection = Connection.resolve(target, folder);
        } catch (RuntimeException unresolved) {
            return "unresolved " + target;
        }
        String agent = connection.agent();
        return connection.endpoint().baseUrl()
                + (agent == null ? "" : agent.isEmpty() ? " from the built-in node" : " from agent " + agent);
    }
}
