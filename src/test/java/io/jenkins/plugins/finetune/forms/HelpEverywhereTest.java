package io.jenkins.plugins.finetune.forms;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;

import hudson.model.Describable;
import hudson.model.Descriptor;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.htmlunit.WebResponse;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;
import org.kohsuke.stapler.ClassDescriptor;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * Every field a user can set, of every step, build step, resource, folder property, global configuration and
 * credentials type of this plugin, has help: what the form's (?) shows, found as Jenkins finds it (along the class
 * and the help redirects), and served by Jenkins.
 */
@WithJenkins
class HelpEverywhereTest {

    private static final String OURS = "io.jenkins.plugins.finetune.";

    @Test
    void everyFieldOfEveryDescriptorHasHelp(JenkinsRule j) throws Exception {
        List<String> missing = new ArrayList<>();
        int fields = 0;
        for (Descriptor<?> descriptor : j.jenkins.getExtensionList(Descriptor.class)) {
            if (!descriptor.clazz.getName().startsWith(OURS)) {
                continue;
            }
            for (Class<?> nested : nestedDescribablesOf(descriptor.clazz)) {
                // a build step holds its step, whose form it renders (f:property): that step's fields carry the help,
                // so the step must be one of the descriptors walked here
                assertThat(
                        descriptor.clazz.getSimpleName() + " renders " + nested.getName(),
                        j.jenkins.getDescriptor(nested.asSubclass(Describable.class)) != null
                                && nested.getName().startsWith(OURS),
                        is(true));
            }
            for (String field : fieldsOf(descriptor.clazz)) {
                fields++;
                // the link the form's (?) beside the field gets (inside a request, as when the form renders: found
                // along the class hierarchy and the help redirects), then what that link serves
                String link = j.executeOnServer(() -> descriptor.getHelpFile(field));
                if (link == null) {
                    missing.add(descriptor.clazz.getSimpleName() + "." + field);
                    continue;
                }
                try (JenkinsRule.WebClient wc = j.createWebClient().withThrowExceptionOnFailingStatusCode(false)) {
                    WebResponse help = wc.goTo(link.substring(1), null).getWebResponse();
                    if (help.getStatusCode() != 200 || help.getContentAsString().isBlank()) {
                        missing.add(descriptor.clazz.getSimpleName() + "." + field + " (" + link + " answers "
                                + help.getStatusCode() + ")");
                    }
                }
            }
        }
        assertThat("fields checked", fields, greaterThan(60));
        assertThat("fields without help", missing, is(empty()));
    }

    /**
     * The constructor parameters and setters Jenkins binds a form to ({@code @DataBoundConstructor}/{@code Setter}),
     * but a constructor parameter that is itself a describable: its form is nested whole (its own fields, with their
     * own help, see {@link #nestedDescribablesOf}), and has no (?) of its own.
     */
    private static Set<String> fieldsOf(Class<?> type) {
        Set<String> fields = new TreeSet<>();
        for (Constructor<?> constructor : type.getConstructors()) {
            if (constructor.isAnnotationPresent(DataBoundConstructor.class)) {
                // the names Stapler recorded at compile time, as it binds the form
                String[] names = ClassDescriptor.loadParameterNames(constructor);
                for (int i = 0; i < names.length; i++) {
                    if (!Describable.class.isAssignableFrom(constructor.getParameterTypes()[i])) {
                        fields.add(names[i]);
                    }
                }
            }
        }
        for (Class<?> c = type; c != null && c.getName().startsWith(OURS); c = c.getSuperclass()) {
            for (Method method : c.getDeclaredMethods()) {
                if (method.isAnnotationPresent(DataBoundSetter.class)
                        && method.getName().startsWith("set")) {
                    fields.add(Character.toLowerCase(method.getName().charAt(3))
                            + method.getName().substring(4));
                }
            }
            for (Field field : c.getDeclaredFields()) {
                if (field.isAnnotationPresent(DataBoundSetter.class)) {
                    fields.add(field.getName());
                }
            }
        }
        return fields;
    }

    /** The describables a {@code @DataBoundConstructor} takes whole, as nested forms. */
    private static List<Class<?>> nestedDescribablesOf(Class<?> type) {
        List<Class<?>> nested = new ArrayList<>();
        for (Constructor<?> constructor : type.getConstructors()) {
            if (constructor.isAnnotationPresent(DataBoundConstructor.class)) {
                for (Class<?> parameter : constructor.getParameterTypes()) {
                    if (Describable.class.isAssignableFrom(parameter)) {
                        nested.add(parameter);
                    }
                }
            }
        }
        return nested;
    }
}
