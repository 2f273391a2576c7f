package io.jenkins.plugins.finetune.agents;

import hudson.model.Computer;
import hudson.remoting.Which;
import hudson.slaves.DumbSlave;
import hudson.slaves.OfflineCause;
import hudson.slaves.RetentionStrategy;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.logging.Logger;
import jenkins.slaves.RemotingVersionInfo;
import org.junit.jupiter.api.Assumptions;
import org.jvnet.hudson.test.JenkinsRule;

/**
 * Real agents for JenkinsRule tests: each one a separate JVM on this machine, connected over remoting, with
 * environment variables and JVM options only it carries.
 *
 * <pre>{@code
 * DumbSlave agent = RealAgents.agent(j, "probe")
 *         .env("FOUNDRY_AGENT_MARKER", "only-on-the-agent")
 *         .jvmOption("-Dfoundry.agent.marker=only-on-the-agent")
 *         .startOnline();
 * }</pre>
 *
 * Why not {@link JenkinsRule#createOnlineSlave}: it launches {@code java -jar <slave.jar>}, the jar Jenkins finds
 * for {@code hudson.remoting.Launcher}; when remoting is on the class path as a directory (the from-source
 * harness compiles it to {@code classes/remoting}) there is no such jar and {@code createSlave} fails with
 * {@code FileNotFoundException: slave.jar}. Its command takes no JVM options either. This builder uses the jar
 * when there is one (a Maven build: remoting's jar is self-contained) and otherwise runs
 * {@code hudson.remoting.Launcher} from the directory, with the libraries remoting's jar shades in (args4j,
 * constant-pool-scanner, Tyrus) and the version resource its Maven build would have filtered in.
 */
public final class RealAgents {

    private static final Logger LOGGER = Logger.getLogger(RealAgents.class.getName());

    private final JenkinsRule j;
    private final String labels;
    private final Map<String, String> environment = new LinkedHashMap<>();
    private final List<String> jvmOptions = new ArrayList<>();
    private String name;

    private RealAgents(JenkinsRule j, String labels) {
        this.j = j;
        this.labels = labels;
    }

    /** An agent carrying {@code labels} (space separated), named after the first of them unless {@link #name} says. */
    public static RealAgents agent(JenkinsRule j, String labels) {
        return new RealAgents(j, labels);
    }

    public RealAgents name(String value) {
        this.name = value;
        return this;
    }

    /** An environment variable of the agent's JVM only (the controller's environment is inherited besides). */
    public RealAgents env(String key, String value) {
        environment.put(key, value);
        return this;
    }

    /** A JVM option of the agent's JVM, e.g. {@code -Dname=value}. */
    public RealAgents jvmOption(String option) {
        jvmOptions.add(option);
        return this;
    }

    /**
     * Adds the agent to Jenkins and waits until its channel is up (the JVM started and remoting connected). Aborts
     * the test (skipped, with the reason) where no agent can connect: see {@link #assumeAgentsCanConnect}.
     */
    public DumbSlave startOnline() throws Exception {
        assumeAgentsCanConnect();
        String nodeName = name != null ? name : labels.split("\\s+")[0] + "-agent";
        File root = new File(j.jenkins.getRootDir(), "agent-work-dirs/" + nodeName);
        DumbSlave agent = new DumbSlave(
                nodeName, root.getAbsolutePath(), new LocalAgentLauncher(command(root.toPath()), environment));
        agent.setLabelString(labels);
        agent.setNumExecutors(1);
        agent.setRetentionStrategy(RetentionStrategy.NOOP);
        long t0 = System.nanoTime();
        j.jenkins.addNode(agent);
        j.waitOnline(agent);
        LOGGER.info(() -> "agent " + nodeName + " online after " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)
                + " ms, pid " + launcher(agent).pid());
        return agent;
    }

    /** The launcher of an agent started here (its JVM's pid, {@link LocalAgentLauncher#kill}). */
    public static LocalAgentLauncher launcher(DumbSlave agent) {
        return (LocalAgentLauncher) agent.getLauncher();
    }

    /** Disconnects as an administrator would ("Disconnect" on the node's page): the JVM is stopped. */
    public static void disconnect(DumbSlave agent, String why) throws Exception {
        Computer computer = agent.toComputer();
        computer.disconnect(new OfflineCause.ChannelTermination(new IOException(why)))
                .get(30, TimeUnit.SECONDS);
        awaitChannel(agent, false);
    }

    /** Launches the agent again (a new JVM) and waits until its channel is up. */
    public static void reconnect(JenkinsRule j, DumbSlave agent) throws Exception {
        j.waitOnline(agent);
    }

    /** Waits until the agent's channel is there ({@code true}) or gone ({@code false}). */
    public static void awaitChannel(DumbSlave agent, boolean present) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while ((agent.getChannel() != null) != present) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        agent.getNodeName() + ": channel still " + (present ? "absent" : "present"));
            }
            Thread.sleep(100);
        }
    }

    private List<String> command(Path root) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        command.add("-Djava.awt.headless=true");
        command.addAll(jvmOptions);
        File remoting = Which.jarFile(hudson.remoting.Launcher.class);
        if (remoting.isFile() && isExecutableJar(remoting)) {
            command.add("-jar");
            command.add(remoting.getAbsolutePath());
        } else {
            command.add("-cp");
            command.add(String.join(
                    File.pathSeparator,
                    remoting.getAbsolutePath(),
                    versionResource(root.resolve("remoting-resources")).toString(),
                    jarOf("org.kohsuke.args4j.CmdLineParser"),
                    jarOf("org.jenkinsci.constant_pool_scanner.ConstantPoolScanner"),
                    jarOf("org.glassfish.tyrus.client.ClientManager")));
            command.add(hudson.remoting.Launcher.class.getName());
        }
        // remoting caches the controller's jars under ~/.jenkins unless told otherwise
        command.add("-jar-cache");
        command.add(root.resolve("jar-cache").toString());
        return command;
    }

    /**
     * Whether {@code java -jar} can run it: remoting's released jar can; a jar built from remoting's classes without
     * its Maven build (the from-source stand-in of the Jenkins repository) has no Main-Class and no shaded libraries,
     * so it runs as a class directory does.
     */
    private static boolean isExecutableJar(File jar) throws IOException {
        try (JarFile file = new JarFile(jar)) {
            Manifest manifest = file.getManifest();
            return manifest != null && manifest.getMainAttributes().getValue("Main-Class") != null;
        }
    }

    /**
     * Jenkins checks every connecting agent's remoting version against {@link RemotingVersionInfo}, which reads
     * {@code jenkins/slaves/remoting-info.properties}, a resource core's Maven build filters into its jar. Where it
     * is missing (the from-source harness does not write it) no agent can connect, JenkinsRule's included; the test
     * is then skipped, saying so. There, pass test-plugin.sh {@code --class-path=DIR} with that file in DIR (the
     * README says how).
     */
    public static void assumeAgentsCanConnect() {
        String missing = null;
        try {
            RemotingVersionInfo.getMinimumSupportedVersion();
        } catch (LinkageError e) {
            missing = e.toString();
        }
        Assumptions.assumeTrue(
                missing == null,
                "no agent can connect to this Jenkins: jenkins/slaves/remoting-info.properties is not on the"
                        + " class path (" + missing + ")");
    }

    /**
     * The resource remoting's Maven build filters into its jar and {@code hudson.remoting.Launcher} reads when it
     * loads (a class directory compiled without Maven lacks it, and Launcher's static initializer then fails with
     * a NullPointerException): the version this Jenkins says it embeds, which the controller checks on connect.
     */
    private static Path versionResource(Path dir) throws IOException {
        String version = RemotingVersionInfo.getEmbeddedVersion().toString();
        Path file = dir.resolve("hudson/remoting/hudson-version.properties");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "version=" + version + "\n");
        return dir;
    }

    /** Where a library remoting's own jar shades in sits on the controller's class path. */
    private static String jarOf(String className) throws IOException {
        try {
            return Which.jarFile(Class.forName(className)).getAbsolutePath();
        } catch (ClassNotFoundException e) {
            throw new IOException("remoting is a class directory and " + className + " is not on the class path", e);
        }
    }
}
