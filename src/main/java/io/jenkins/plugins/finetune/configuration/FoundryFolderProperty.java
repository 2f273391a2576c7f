package io.jenkins.plugins.finetune.configuration;

import com.cloudbees.hudson.plugins.folder.AbstractFolder;
import com.cloudbees.hudson.plugins.folder.AbstractFolderProperty;
import com.cloudbees.hudson.plugins.folder.AbstractFolderPropertyDescriptor;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.Util;
import hudson.model.Item;
import hudson.model.ItemGroup;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.finetune.Messages;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * A folder's default Azure AI Foundry resource: steps and build steps of the jobs inside that name no
 * {@code resource} use it. The nearest folder that sets one wins; without one, the global configuration.
 */
public class FoundryFolderProperty extends AbstractFolderProperty<AbstractFolder<?>> {

    private final String resource;

    @DataBoundConstructor
    public FoundryFolderProperty(@CheckForNull String resource) {
        this.resource = Util.fixEmptyAndTrim(resource);
    }

    /** The name of a resource of the global configuration; blank: inherit. */
    @CheckForNull
    public String getResource() {
        return resource;
    }

    /** The default resource of the nearest enclosing folder that sets one, or {@code null}. */
    @CheckForNull
    public static String nearestResource(@CheckForNull ItemGroup<?> group) {
        for (ItemGroup<?> g = group; g instanceof AbstractFolder<?> folder; g = folder.getParent()) {
            FoundryFolderProperty property = folder.getProperties().get(FoundryFolderProperty.class);
            if (property != null && property.resource != null) {
                return property.resource;
            }
        }
        return null;
    }

    @Extension
    // The same symbol as the global configuration's, on purpose: symbols are unique per extension point, and a
    // folder property and a GlobalConfiguration are different ones. docs/configuration.md documents both (JCasC
    // `unclassified:` and the Job DSL folder `properties`), so neither is renamed.
    @Symbol("foundryFineTuning")
    public static final class DescriptorImpl extends AbstractFolderPropertyDescriptor {

        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.FoundryFolderProperty_DisplayName();
        }

        @POST
        public ListBoxModel doFillResourceItems(@AncestorInPath Item item, @QueryParameter String resource) {
            return ResourceField.fillResourceItems(item, resource, Messages.ResourceField_Inherit());
        }

        @POST
        public FormValidation doCheckResource(@AncestorInPath Item item, @QueryParameter String value) {
            return FormAccess.ifCanConfigure(item, () -> ResourceField.checkResource(value));
        }
    }
}
