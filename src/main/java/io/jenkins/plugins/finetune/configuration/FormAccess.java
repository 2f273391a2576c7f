package io.jenkins.plugins.finetune.configuration;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.model.Item;
import hudson.model.Queue;
import hudson.model.queue.Tasks;
import hudson.security.ACL;
import hudson.util.FormValidation;
import java.util.function.Supplier;
import jenkins.model.Jenkins;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;
import org.springframework.security.core.Authentication;

/**
 * Who may see form answers: the permission gate in front of every form method, and the authentication a build of an item runs as.
 */
@Restricted(NoExternalUse.class)
public final class FormAccess {

    private FormAccess() {}

    /** Whether the current user may list credentials / validate forms in this context (consumer guide). */
    public static boolean canConfigure(@CheckForNull Item item) {
        if (item == null) {
            return Jenkins.get().hasPermission(Jenkins.ADMINISTER);
        }
        return item.hasPermission(Item.EXTENDED_READ) || item.hasPermission(CredentialsProvider.USE_ITEM);
    }

    /**
     * The gate in front of every {@code doCheckXxx} method: the answer of {@code check} when the current user
     * may configure {@code item} ({@link #canConfigure}; {@code null}: the global configuration, which needs
     * {@code Jenkins.ADMINISTER}), else OK, so that nothing leaks to users who may not.
     */
    public static FormValidation ifCanConfigure(@CheckForNull Item item, Supplier<FormValidation> check) {
        return canConfigure(item) ? check.get() : FormValidation.ok();
    }

    /** The authentication a build of this item will run as, or SYSTEM outside of an item. */
    public static Authentication authenticationOf(@CheckForNull Item item) {
        return item instanceof Queue.Task task ? Tasks.getAuthenticationOf2(task) : ACL.SYSTEM2;
    }
}
