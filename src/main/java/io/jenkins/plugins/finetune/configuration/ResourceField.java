package io.jenkins.plugins.finetune.configuration;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.Util;
import hudson.model.Item;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.finetune.Messages;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/** The {@code resource} field of steps, build steps and folders: a drop-down of the configured names. */
@Restricted(NoExternalUse.class)
public final class ResourceField {

    private ResourceField() {}

    public static ListBoxModel fillResourceItems(
            @CheckForNull Item item, @CheckForNull String current, String defaultLabel) {
        ListBoxModel items = new ListBoxModel();
        items.add(defaultLabel, "");
        String selected = Util.fixEmptyAndTrim(current);
        boolean listed = selected == null;
        if (FormAccess.canConfigure(item)) {
            for (FoundryResource resource : FoundryFineTuningConfiguration.get().getResources()) {
                items.add(resource.getName(), resource.getName());
                listed |= resource.getName().equals(selected);
            }
        }
        if (!listed) {
            items.add(selected, selected); // keep a value that is no longer (or not visibly) configured
        }
        return items;
    }

    public static FormValidation checkResource(@CheckForNull String value) {
        String name = Util.fixEmptyAndTrim(value);
        if (name == null || name.contains("${")) {
            return FormValidation.ok();
        }
        return FoundryFineTuningConfiguration.get().getResource(name) == null
                ? FormValidation.error(Messages.ResourceField_NoSuchResource(name))
                : FormValidation.ok();
    }
}
