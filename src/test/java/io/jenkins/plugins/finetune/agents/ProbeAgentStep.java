package io.jenkins.plugins.finetune.agents;

import hudson.FilePath;
import hudson.Launcher;
import hudson.model.Computer;
import hudson.model.TaskListener;
import hudson.remoting.VirtualChannel;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.jenkinsci.plugins.workflow.steps.SynchronousNonBlockingStepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code probeAgent()}: a test-only step that sends {@link WhereAmI} over each channel its context offers
 * inside {@code node} (the workspace {@link FilePath}'s, the {@link Computer}'s, the {@link Launcher}'s) and
 * returns what came back, e.g. {@code [workspace: 'pid=… env=…', computer: …, launcher: …]}.
 * {@code probeAgent(untilReconnected: true)} keeps probing, recording each change in {@link #OBSERVATIONS},
 * until the agent has been away and is back (at most {@code timeoutSeconds}). A test class registers its
 * descriptor as a field: {@code @TestExtension public static final ProbeAgentStep.DescriptorImpl PROBE = new
 * ProbeAgentStep.DescriptorImpl();} (the class must then be public).
 */
public final class ProbeAgentStep extends Step {

    public static final String ENV = "FOUNDRY_AGENT_MARKER";
    public static final String PROPERTY = "foundry.agent.marker";

    /** What the running probes saw, in order (one line per change); tests clear it first. */
    public static final List<String> OBSERVATIONS = new CopyOnWriteArrayList<>();

    private boolean untilReconnected;
    private int timeoutSeconds = 120;

    @DataBoundConstructor
    public ProbeAgentStep() {}

    public boolean isUntilReconnected() {
        return untilReconnected;
    }

    @DataBoundSetter
    public void setUntilReconnected(boolean value) {
        this.untilReconnected = value;
    }

    public int getTimeoutSeconds() {
        return timeoutSeconds;
    }

    @DataBoundSetter
    public void setTimeoutSeconds(int value) {
        this.timeoutSeconds = value;
    }

    @Override
    public StepExecution start(StepContext context) {
        return new Execution(context, untilReconnected, timeoutSeconds);
    }

    private static final class Execution extends SynchronousNonBlockingStepExecution<Map<String, String>> {

        private static final long serialVersionUID = 1L;
        private final boolean untilReconnected;
        private final int timeoutSeconds;

        Execution(StepContext context, boolean untilReconnected, int timeoutSeconds) {
            super(context);
            this.untilReconnected = untilReconnected;
            this.timeoutSeconds = timeoutSeconds;
        }

        @Override
        protected Map<String, String> run() throws Exception {
            TaskListener listener = getContext().get(TaskListener.class);
            FilePath first = getContext().get(FilePath.class);
            Map<String, String> seen = probe(first);
            note(listener, seen);
            if (!untilReconnected) {
                return seen;
            }
            boolean away = false;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
            while (System.nanoTime() < deadline) {
                Thread.sleep(250);
                Map<String, String> now = probe(first);
                if (!now.equals(seen)) {
                    note(listener, now);
                    seen = now;
                }
                boolean up = now.get("workspace").startsWith("pid=");
                away |= !up;
                if (away && up) {
                    return now;
                }
            }
            throw new IllegalStateException(
                    "probeAgent: the agent did not go away and come back within " + timeoutSeconds + " s");
        }

        /** One call over each channel the context offers now, and one over the first workspace's channel. */
        private Map<String, String> probe(FilePath first) {
            Map<String, String> seen = new TreeMap<>();
            seen.put("workspace", attempt(() -> {
                FilePath workspace = getContext().get(FilePath.class);
                return workspace == null ? "no FilePath" : call(workspace.getChannel());
            }));
            seen.put("computer", attempt(() -> {
                Computer computer = getContext().get(Computer.class);
                return computer == null ? "no Computer" : call(computer.getChannel());
            }));
            seen.put("launcher", attempt(() -> {
                Launcher launcher = getContext().get(Launcher.class);
                return launcher == null
                        ? "no Launcher"
                        : launcher.getClass().getSimpleName() + " " + call(launcher.getChannel());
            }));
            seen.put("firstWorkspace", attempt(() -> call(first.getChannel())));
            return seen;
        }

        private static String call(VirtualChannel channel) throws Exception {
            if (channel == null) {
                return "channel null";
            }
            Map<String, String> facts = channel.call(new WhereAmI(ENV, PROPERTY));
            return "pid=" + facts.get("pid") + " env=" + facts.get("env") + " property=" + facts.get("property")
                    + " loader=" + facts.get("loader");
        }

        private static String attempt(Attempt attempt) {
            try {
                return attempt.get();
            } catch (Exception e) {
                return "threw " + e.getClass().getName() + ": " + e.getMessage();
            }
        }

        private static void note(TaskListener listener, Map<String, String> seen) {
            OBSERVATIONS.add(seen.toString());
            listener.getLogger().println("probeAgent saw " + seen);
        }
    }

    private interface Attempt {
        String get() throws Exception;
    }

    public static final class DescriptorImpl extends StepDescriptor {

        @Override
        public String getFunctionName() {
            return "probeAgent";
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(TaskListener.class, FilePath.class);
        }
    }
}
