package io.jenkins.plugins.finetune.forms;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.util.FormValidation;
import io.jenkins.plugins.finetune.Messages;
import io.jenkins.plugins.finetune.changes.BulkText;
import io.jenkins.plugins.finetune.changes.WaitTarget;
import io.jenkins.plugins.finetune.client.JobStatus;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * The {@code until} field of {@code waitForFineTune} and its build step, checked as the build reads it
 * ({@link WaitTarget}): blank waits for any terminal status; a status this plugin does not know is a warning in the
 * form (the build refuses it unless {@code allowUnknownStatus} is ticked, which the form cannot see beside it).
 */
@Restricted(NoExternalUse.class)
public final class UntilField {

    private UntilField() {}

    public static FormValidation check(@CheckForNull String value) {
        if (value == null || value.isBlank()) {
            return FormValidation.ok(Messages.UntilField_AnyTerminal());
        }
        if (value.contains("${")) {
            return FormValidation.ok(); // expanded at build time (freestyle)
        }
        try {
            WaitTarget.of(BulkText.words(value), true);
        } catch (IllegalArgumentException e) {
            return FormValidation.error(e.getMessage());
        }
        for (String status : BulkText.words(value)) {
            if (!JobStatus.of(status).isKnown()) {
                return FormValidation.warning(Messages.FieldChecks_UnknownStatus(status));
            }
        }
        return FormValidation.ok();
    }
}
