package io.jenkins.plugins.finetune.steps;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Util;
import io.jenkins.plugins.finetune.changes.BulkText;
import io.jenkins.plugins.finetune.forms.SelectionText;
import io.jenkins.plugins.finetune.forms.SelectorFieldForms;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jenkinsci.plugins.structs.describable.CustomDescribableModel;
import org.jenkinsci.plugins.structs.describable.UninstantiatedDescribable;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * Steps that select jobs: {@code status}, {@code suffix}, {@code suffixRegex}, {@code model},
 * {@code metadata}. Held as text (a form cannot hold a Groovy list or map); the descriptor, a
 * {@link CustomDescribableModel}, accepts lists and maps from Pipeline code and writes them back as lists
 * and maps in the Snippet Generator.
 */
public abstract class SelectorStep extends FoundryStep {

    private String status;
    private String suffix;
    private String suffixRegex;
    private String model;
    private String metadata;

    /** Statuses, comma- or blank-separated (in Pipeline code also a list). */
    @CheckForNull
    public String getStatus() {
        return status;
    }

    @DataBoundSetter
    public void setStatus(@CheckForNull String status) {
        this.status = SelectionText.wordsOrNull(status);
    }

    @CheckForNull
    public String getSuffix() {
        return suffix;
    }

    @DataBoundSetter
    public void setSuffix(@CheckForNull String suffix) {
        this.suffix = Util.fixEmptyAndTrim(suffix);
    }

    @CheckForNull
    public String getSuffixRegex() {
        return suffixRegex;
    }

    @DataBoundSetter
    public void setSuffixRegex(@CheckForNull String suffixRegex) {
        this.suffixRegex = Util.fixEmptyAndTrim(suffixRegex);
    }

    @CheckForNull
    public String getModel() {
        return model;
    }

    @DataBoundSetter
    public void setModel(@CheckForNull String model) {
        this.model = Util.fixEmptyAndTrim(model);
    }

    /** {@code key=value} lines (in Pipeline code a map such as {@code [pause_at_night: 'true']}). */
    @CheckForNull
    public String getMetadata() {
        return metadata;
    }

    @DataBoundSetter
    public void setMetadata(@CheckForNull String metadata) {
        this.metadata = SelectionText.metadataOrNull(metadata);
    }

    /**
     * Accepts the Groovy forms of the text-held arguments ({@code status}/{@code jobIds}: a string or a list
     * of strings; {@code metadata}: a map) and gives them back in those forms for the Snippet Generator.
     * See {@link CustomDescribableModel}: structs' {@code DescribableModel} cannot bind a {@code Map}- or
     * "string or list"-valued argument to a form-friendly property itself.
     */
    public abstract static class SelectorStepDescriptor extends FoundryStepDescriptor
            implements CustomDescribableModel, SelectorFieldForms {

        @NonNull
        @Override
        public Map<String, Object> customInstantiate(@NonNull Map<String, Object> arguments) {
            Map<String, Object> out = new TreeMap<>(arguments);
            for (String name : List.of("status", "jobIds", "fields")) {
                if (out.containsKey(name)) {
                    try {
                        out.put(name, BulkText.wordsText(out.get(name), ", "));
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
                    }
                }
            }
            if (out.containsKey("metadata")) {
                out.put("metadata", BulkText.metadataText(out.get("metadata")));
            }
            return out;
        }

        @NonNull
        @Override
        public UninstantiatedDescribable customUninstantiate(@NonNull UninstantiatedDescribable ud) {
            Map<String, Object> out = new TreeMap<>(ud.getArguments());
            for (String name : List.of("status", "jobIds", "fields")) {
                if (out.get(name) instanceof String text) {
                    List<String> words = BulkText.words(text);
                    out.put(name, words.size() == 1 ? words.get(0) : words);
                }
            }
            if (out.get("metadata") instanceof String text) {
                try {
                    out.put("metadata", BulkText.metadata(text));
                } catch (IllegalArgumentException e) {
                    // leave it as text; the step reports the line when it runs
                }
            }
            return ud.withArguments(out);
        }
    }
}
