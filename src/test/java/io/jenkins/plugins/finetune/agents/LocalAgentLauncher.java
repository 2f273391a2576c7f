package io.jenkins.plugins.finetune.agents;

import hudson.model.TaskListener;
import hudson.slaves.ComputerLauncher;
import hudson.slaves.SlaveComputer;
import hudson.util.StreamCopyThread;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Starts an agent as a separate local JVM talking remoting over its stdin/stdout, as JenkinsRule's own
 * launcher does, but with a command and an environment of the test's choosing: JenkinsRule's
 * {@code SimpleCommandLauncher(String, EnvVars)} is package-private and its command line is fixed, so
 * neither JVM options nor (outside {@code createSlave(…, EnvVars)}) environment variables can be added.
 */
public final class LocalAgentLauncher extends ComputerLauncher {

    private final List<String> command;
    private final Map<String, String> environment;
    private transient Process process;

    LocalAgentLauncher(List<String> command, Map<String, String> environment) {
        // plain collections: XStream refuses the immutable ones when Jenkins saves the node
        this.command = new ArrayList<>(command);
        this.environment = new TreeMap<>(environment);
    }

    @Override
    public boolean isLaunchSupported() {
        return true;
    }

    @Override
    public void launch(SlaveComputer computer, TaskListener listener) throws IOException, InterruptedException {
        // The environment's names only: its values may be secrets in the tests that build on this.
        listener.getLogger()
                .println("$ " + String.join(" ", command) + " (extra environment: " + environment.keySet() + ")");
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(environment);
        Process started = builder.start();
        synchronized (this) {
            process = started;
        }
        new StreamCopyThread("stderr of agent " + computer.getName(), started.getErrorStream(), listener.getLogger())
                .start();
        computer.setChannel(started.getInputStream(), started.getOutputStream(), listener, null);
    }

    @Override
    public void afterDisconnect(SlaveComputer computer, TaskListener listener) {
        Process running;
        synchronized (this) {
            running = process;
            process = null;
        }
        if (running != null) {
            stop(running);
        }
    }

    /** The agent JVM's process id while one runs, else -1. */
    public synchronized long pid() {
        return process == null ? -1 : process.pid();
    }

    /** Kills the agent JVM without a word to the controller, as a crash or a lost VM would. */
    public void kill() throws InterruptedException {
        Process running;
        synchronized (this) {
            running = process;
        }
        if (running != null) {
            running.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static void stop(Process running) {
        running.destroy();
        try {
            if (!running.waitFor(10, TimeUnit.SECONDS)) {
                running.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            running.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
