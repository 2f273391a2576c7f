package io.jenkins.plugins.finetune.agents;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import hudson.model.Result;
import hudson.slaves.DumbSlave;
import io.jenkins.plugins.finetune.FoundryTestSupport;
import io.jenkins.plugins.finetune.emulator.JobSeed;
import io.jenkins.plugins.finetune.emulator.RecordedRequest;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.logging.Logger;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.TestExtension;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * Issue 18's groundwork: a real agent (a separate JVM over remoting) runs what the controller sends it, Pipeline
 * steps reach it from their context, it can go away and come back under a running step, and the plugin's client
 * with its library plugins loads on it.
 */
@WithJenkins
public class RealAgentProbeTest extends FoundryTestSupport {

    private static final Logger LOGGER = Logger.getLogger(RealAgentProbeTest.class.getName());
    private static final String ENV_MARKER = "env-only-on-the-agent";
    private static final String PROPERTY_MARKER = "property-only-on-the-agent";

    @TestExtension
    public static final ProbeAgentStep.DescriptorImpl PROBE_STEP = new ProbeAgentStep.DescriptorImpl();

    private DumbSlave agent;

    @BeforeEach
    void startAgent() throws Exception {
        ProbeAgentStep.OBSERVATIONS.clear();
        long t0 = System.nanoTime();
        agent = RealAgents.agent(j, "probe")
                .env(ProbeAgentStep.ENV, ENV_MARKER)
                .jvmOption("-D" + ProbeAgentStep.PROPERTY + "=" + PROPERTY_MARKER)
                .startOnline();
        LOGGER.info("PROBE agent online in " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0) + " ms");
    }

    @Test
    void theAgentIsAnotherJvmCarryingItsOwnMarkers() throws Exception {
        Map<String, String> there = agent.getChannel().call(new WhereAmI(ProbeAgentStep.ENV, ProbeAgentStep.PROPERTY));
        Map<String, String> here = WhereAmI.here(ProbeAgentStep.ENV, ProbeAgentStep.PROPERTY);
        LOGGER.info("PROBE controller " + here + " agent " + there);
        assertThat(there.get("pid"), not(here.get("pid")));
        assertThat(there.get("pid"), is(Long.toString(RealAgents.launcher(agent).pid())));
        assertThat(there.get("env"), is(ENV_MARKER));
        assertThat(there.get("property"), is(PROPERTY_MARKER));
        assertThat(there.get("loader"), is("hudson.remoting.RemoteClassLoader"));
        assertThat(here.get("env"), nullValue());
        assertThat(here.get("property"), nullValue());
    }

    @Test
    void aStepInsideNodeReachesTheAgentThroughEachContextObject() throws Exception {
        WorkflowRun b = run(
                "node('probe') {\n"
                        + "  def seen = probeAgent()\n"
                        + "  echo \"workspace: ${seen.workspace}\"\n"
                        + "}\n",
                Result.SUCCESS);
        String agentPid = Long.toString(RealAgents.launcher(agent).pid());
        String onTheAgent = "pid=" + agentPid + " env=" + ENV_MARKER + " property=" + PROPERTY_MARKER
                + " loader=hudson.remoting.RemoteClassLoader";
        j.assertLogContains("workspace: " + onTheAgent, b);
        assertThat(ProbeAgentStep.OBSERVATIONS, hasSize(1));
        String seen = ProbeAgentStep.OBSERVATIONS.get(0);
        assertThat(seen, containsString("computer=" + onTheAgent));
        assertThat(seen, containsString("launcher=RemoteLauncher " + onTheAgent));
        assertThat(seen, containsString("workspace=" + onTheAgent));
    }

    @Test
    void aStepSeesTheAgentGoAndComeBackWhenDisconnected() throws Exception {
        rideOut(() -> RealAgents.disconnect(agent, "probe: the administrator disconnected the agent"));
    }

    @Test
    void aStepSeesTheAgentGoAndComeBackWhenItsJvmDies() throws Exception {
        rideOut(() -> {
            RealAgents.launcher(agent).kill();
            RealAgents.awaitChannel(agent, false);
        });
    }

    @Test
    void thePluginsClientAndItsLibraryPluginsLoadOnTheAgent() throws Exception {
        String id = emulator.seedJob(JobSeed.running().suffix("agent-probe"));
        Map<String, String> result = agent.getChannel().call(new CallFoundryFromAgent(emulator.baseUrl(), API_KEY, id));
        LOGGER.info("PROBE client on the agent: " + result);
        String agentPid = Long.toString(RealAgents.launcher(agent).pid());
        assertThat(result.get("pid"), is(agentPid));
        assertThat(result.get("id"), is(id));
        assertThat(result.get("status"), is("running"));
        assertThat(result.get("clientLoader"), is("hudson.remoting.RemoteClassLoader"));
        assertThat(result.get("jacksonLoader"), is("hudson.remoting.RemoteClassLoader"));
        assertThat(result.get("httpClientLoader"), is("hudson.remoting.RemoteClassLoader"));
        List<RecordedRequest> requests = emulator.requests();
        assertThat(requests, hasSize(1));
        assertThat(
                requests.get(0).header("User-Agent"),
                containsString(CallFoundryFromAgent.USER_AGENT_PREFIX + agentPid));
        LOGGER.info("PROBE controller-side class loaders: client "
                + io.jenkins.plugins.finetune.client.FineTuningClient.class.getClassLoader() + ", jackson "
                + com.fasterxml.jackson.databind.ObjectMapper.class.getClassLoader());
    }

    private void rideOut(Away goAway) throws Exception {
        WorkflowJob p = j.createProject(WorkflowJob.class);
        p.setDefinition(new CpsFlowDefinition(
                "node('probe') {\n"
                        + "  def back = probeAgent(untilReconnected: true)\n"
                        + "  echo \"back: ${back.workspace}\"\n"
                        + "}\n",
                true));
        WorkflowRun b = p.scheduleBuild2(0).waitForStart();
        String firstPid = Long.toString(RealAgents.launcher(agent).pid());
        awaitObservation(o -> o.contains("workspace=pid=" + firstPid));
        long t0 = System.nanoTime();
        goAway.run();
        awaitObservation(o -> !o.contains("workspace=pid="));
        RealAgents.reconnect(j, agent);
        LOGGER.info("PROBE agent back in " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0) + " ms");
        j.assertBuildStatusSuccess(j.waitForCompletion(b));
        String secondPid = Long.toString(RealAgents.launcher(agent).pid());
        assertThat(secondPid, not(firstPid));
        j.assertLogContains("back: pid=" + secondPid + " env=" + ENV_MARKER, b);
        for (String o : ProbeAgentStep.OBSERVATIONS) {
            LOGGER.info("PROBE observed " + o);
        }
        String away = ProbeAgentStep.OBSERVATIONS.stream()
                .filter(o -> !o.contains("workspace=pid="))
                .findFirst()
                .orElseThrow();
        assertThat(away, containsString("computer=channel null"));
        String last = ProbeAgentStep.OBSERVATIONS.get(ProbeAgentStep.OBSERVATIONS.size() - 1);
        assertThat(last, containsString("computer=pid=" + secondPid));
        assertThat(last, containsString("firstWorkspace=threw "));
        assertThat(last, startsWith("{computer="));
    }

    private static void awaitObservation(Predicate<String> wanted) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (ProbeAgentStep.OBSERVATIONS.stream().noneMatch(wanted)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not observed; seen: " + ProbeAgentStep.OBSERVATIONS);
            }
            Thread.sleep(100);
        }
    }

    private interface Away {
        void run() throws Exception;
    }
}
