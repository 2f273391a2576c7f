package io.jenkins.plugins.finetune.agents;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import com.cloudbees.plugins.credentials.CredentialsScope;
import hudson.model.FreeStyleBuild;
import hudson.model.FreeStyleProject;
import hudson.model.Result;
import hudson.slaves.DumbSlave;
import io.jenkins.plugins.finetune.FoundryTestSupport;
import io.jenkins.plugins.finetune.MovableClock;
import io.jenkins.plugins.finetune.builders.PauseFineTuneBuilder;
import io.jenkins.plugins.finetune.configuration.FoundryFineTuningConfiguration;
import io.jenkins.plugins.finetune.configuration.FoundryResource;
import io.jenkins.plugins.finetune.credentials.AgentIdentityCredentials;
import io.jenkins.plugins.finetune.emulator.FineTuningEmulator;
import io.jenkins.plugins.finetune.emulator.JobSeed;
import io.jenkins.plugins.finetune.emulator.RecordedRequest;
import io.jenkins.plugins.finetune.steps.PauseFineTuneStep;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.LogRecorder;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * Issue 18 on a real agent (a separate JVM over remoting): {@code callFrom: 'agent'} makes the calls from the agent's
 * JVM. The proof: only the agent's environment has {@code http_proxy}, pointing at a {@link RecordingProxy} that marks
 * every request it forwards; the emulator (plain http on loopback, so {@code http_proxy} applies) records the mark.
 * A call from the controller never carries it.
 */
@WithJenkins
public class CallFromAgentTest extends FoundryTestSupport {

    private static final Logger LOGGER = Logger.getLogger(CallFromAgentTest.class.getName());
    private static final String AGENT = "remote-agent";
    private static final String ON_AGENT = "node('remote') {\n";
    private static final String MI_TOKEN = "agent-mi-token-5b1e9c7d3a";
    private static final String MI_CLIENT_ID = "6f1c2b8e-3d4a-4e5f-9a0b-1c2d3e4f5a6b";
    private static final String MI_CREDENTIALS_ID = "agent-identity";

    private RecordingProxy proxy;
    private ImdsStandIn imds;
    private LogRecorder logs;
    private DumbSlave agent;

    @BeforeEach
    void startAgentBehindTheProxy() throws Exception {
        logs = new LogRecorder()
                .quiet()
                .record("io.jenkins.plugins.finetune", Level.FINE)
                .record("hudson.remoting", Level.FINE)
                .capture(200_000);
        proxy = RecordingProxy.start();
        imds = ImdsStandIn.start(MI_TOKEN);
        File root = new File(j.jenkins.getRootDir(), "agent-work-dirs/" + AGENT);
        Path tmp = root.toPath().resolve("tmp");
        Files.createDirectories(tmp);
        Path logging = root.toPath().resolve("logging.properties");
        // The agent JVM logs the plugin's and remoting's FINE records to its stderr, which is the agent's log.
        Files.writeString(
                logging,
                "handlers=java.util.logging.ConsoleHandler\n"
                        + "java.util.logging.ConsoleHandler.level=FINE\n"
                        + "io.jenkins.plugins.finetune.level=FINE\n"
                        + "hudson.remoting.level=FINE\n");
        agent = RealAgents.agent(j, "remote")
                .name(AGENT)
                .env("http_proxy", proxy.url())
                .env("AZURE_POD_IDENTITY_AUTHORITY_HOST", imds.authorityHost())
                .jvmOption("-Djava.io.tmpdir=" + tmp) // temporary files, if any, where the search below looks
                .jvmOption("-Djava.util.logging.config.file=" + logging)
                .startOnline();
        emulator.clearRequests();
    }

    @AfterEach
    void stopServers() {
        if (logs != null) {
            logs.close();
        }
        if (proxy != null) {
            proxy.close();
        }
        if (imds != null) {
            imds.close();
        }
    }

    // 1. The call is made by the agent's JVM; the controller default is unchanged.

    @Test
    void pauseWithCallFromAgentIsMadeByTheAgent() throws Exception {
        String id = emulator.seedJob(JobSeed.running().suffix("from-agent"));
        WorkflowRun b = run(
                ON_AGENT + "  def job = pauseFineTune(jobId: '" + id + "', callFrom: 'agent')\n"
                        + "  echo \"status: ${job.status}\"\n}",
                Result.SUCCESS);
        j.assertLogContains("status: pausing", b);
        assertThat(emulator.job(id).status(), anyOf(is("pausing"), is("paused")));
        assertAllThroughTheAgent(1);
    }

    @Test
    void withoutCallFromTheControllerCallsAsBefore() throws Exception {
        String id = emulator.seedJob(JobSeed.running().suffix("from-controller"));
        WorkflowRun b = run(
                ON_AGENT + "  def job = pauseFineTune(jobId: '" + id + "')\n" + "  echo \"status: ${job.status}\"\n}",
                Result.SUCCESS);
        j.assertLogContains("status: pausing", b);
        assertNoneThroughTheAgent(1);
    }

    @Test
    void aReadAndABulkPauseAreMadeByTheAgentConcurrently() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ids.add(emulator.seedJob(JobSeed.running().suffix("bulk-" + i)));
        }
        emulator.latency(Duration.ofMillis(400)); // long enough for concurrent calls to overlap
        WorkflowRun b = run(
                ON_AGENT + "  def one = fineTuneJob(jobId: '" + ids.get(0) + "', callFrom: 'agent')\n"
                        + "  echo \"read: ${one.status}\"\n"
                        + "  def r = pauseFineTunes(jobIds: " + groovyList(ids)
                        + ", concurrency: 4, callFrom: 'agent')\n"
                        + "  echo \"outcomes: ${r.collect { it.outcome }}\"\n"
                        + "  assert r.size() == 4 && r.every { it.error == null }\n}",
                Result.SUCCESS);
        j.assertLogContains("read: running", b);
        for (String id : ids) {
            assertThat(emulator.job(id).status(), anyOf(is("pausing"), is("paused")));
        }
        List<RecordedRequest> requests = assertAllThroughTheAgent(-1);
        assertThat(
                "the four pauses each went to the emulator",
                requests.stream().filter(r -> r.method().equals("POST")).count(),
                is((long) ids.size()));
        assertThat("the agent made the bulk's calls concurrently", emulator.peakRequestsInFlight(), greaterThan(1));
    }

    // 2. withFoundry and a resource default; an explicit callFrom overrides the resource's.

    @Test
    void withFoundryCallFromAgentAppliesToTheStepsInside() throws Exception {
        String id = emulator.seedJob(JobSeed.running().suffix("with-foundry"));
        run(
                ON_AGENT + "  withFoundry(callFrom: 'agent') {\n"
                        + "    def job = pauseFineTune(jobId: '" + id + "')\n"
                        + "    echo \"status: ${job.status}\"\n"
                        + "  }\n}",
                Result.SUCCESS);
        assertAllThroughTheAgent(1);
    }

    @Test
    void aResourceCalledFromTheAgentByDefaultAndAStepThatSaysController() throws Exception {
        configureResourceCalledFromTheAgent();
        String viaAgent = emulator.seedJob(JobSeed.running().suffix("resource-default"));
        String viaController = emulator.seedJob(JobSeed.running().suffix("explicit-controller"));
        run(
                ON_AGENT + "  pauseFineTune(resource: 'private', jobId: '" + viaAgent + "')\n"
                        + "  pauseFineTune(resource: 'private', jobId: '" + viaController
                        + "', callFrom: 'controller')\n}",
                Result.SUCCESS);
        List<RecordedRequest> requests = emulator.requests();
        List<RecordedRequest> forAgentJob = about(requests, viaAgent);
        List<RecordedRequest> forControllerJob = about(requests, viaController);
        assertThat(forAgentJob, hasSize(1));
        assertThat(forControllerJob, hasSize(1));
        assertThat(forAgentJob.get(0).header(RecordingProxy.MARK), notNullValue());
        assertThat(forControllerJob.get(0).header(RecordingProxy.MARK), nullValue());
        assertThat(proxy.seen(), hasSize(1));
    }

    // 3. callFrom: 'agent' outside node.

    @Test
    void callFromAgentOutsideNodeFailsClearlyAndSendsNothing() throws Exception {
        String id = emulator.seedJob(JobSeed.running().suffix("outside-node"));
        WorkflowRun b = run("pauseFineTune(jobId: '" + id + "', callFrom: 'agent')", Result.FAILURE);
        j.assertLogContains(
                "callFrom: 'agent' needs the step to run on an agent: put it inside node('label') { … }", b);
        j.assertLogNotContains("\tat ", b); // a message, not a stack trace

        configureResourceCalledFromTheAgent();
        WorkflowRun byResource = run("pauseFineTune(resource: 'private', jobId: '" + id + "')", Result.FAILURE);
        j.assertLogContains(
                "resource 'private' is called from the build's agent (its callFrom), which needs the step to run on"
                        + " an agent",
                byResource);
        assertThat(emulator.requests(), empty());
        assertThat(proxy.seen(), empty());
        assertThat(emulator.job(id).status(), is("running"));
    }

    // 4. The API key is on neither the agent's disk nor any log.

    @Test
    void theApiKeyIsOnNeitherTheAgentsDiskNorAnyLog() throws Exception {
        List<String> ids = List.of(
                emulator.seedJob(JobSeed.running().suffix("secret-0")),
                emulator.seedJob(JobSeed.running().suffix("secret-1")));
        WorkflowRun b = run(
                ON_AGENT + "  pauseFineTune(jobId: '" + ids.get(0) + "', callFrom: 'agent')\n"
                        + "  fineTuneJob(jobId: '" + ids.get(1) + "', callFrom: 'agent')\n"
                        + "  pauseFineTunes(jobIds: " + groovyList(ids) + ", concurrency: 2, callFrom: 'agent')\n"
                        + "  try {\n"
                        + "    fineTuneJob(jobId: 'ftjob-doesnotexist0000000', callFrom: 'agent')\n"
                        + "  } catch (e) {\n"
                        + "    echo \"refused: ${e.message}\"\n"
                        + "  }\n}",
                Result.SUCCESS);
        j.assertLogContains("refused: ", b);
        j.assertLogContains("404", b);
        List<RecordedRequest> requests = assertAllThroughTheAgent(-1);
        assertThat("the key did travel, in the api-key header", requests.get(0).header("api-key"), is(API_KEY));

        j.assertLogNotContains(API_KEY, b);

        String agentLog = Files.readString(agent.toComputer().getLogFile().toPath(), StandardCharsets.UTF_8);
        LOGGER.info("agent log: " + agentLog.length() + " chars");
        assertThat("the agent logged at FINE (its logging configuration took)", agentLog, containsString("FINE"));
        assertThat(agentLog, not(containsString(API_KEY)));

        List<LogRecord> records = logs.getRecords();
        assertThat("remoting logged at FINE on the controller", records, not(empty()));
        for (LogRecord record : records) {
            String text = record.getLoggerName() + " " + formatted(record);
            assertThat(text, not(containsString(API_KEY)));
        }
        for (String message : logs.getMessages()) {
            assertThat(message, not(containsString(API_KEY)));
        }

        Path root = Path.of(agent.getRemoteFS());
        byte[] key = API_KEY.getBytes(StandardCharsets.UTF_8);
        List<String> holding = new ArrayList<>();
        int searched = 0;
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                searched++;
                if (contains(Files.readAllBytes(file), key)) {
                    holding.add(root.relativize(file).toString());
                }
            }
        }
        LOGGER.info("searched " + searched + " files under " + root);
        assertThat("files were searched", searched, greaterThan(0));
        assertThat("files under the agent's root holding the key", holding, empty());
    }

    // 5. The agent's managed identity.

    @Test
    void theAgentsManagedIdentityGetsItsTokenOnTheAgentOnce() throws Exception {
        addAgentIdentity();
        emulator.acceptBearerToken(MI_TOKEN);
        String first = emulator.seedJob(JobSeed.running().suffix("identity-0"));
        String second = emulator.seedJob(JobSeed.running().suffix("identity-1"));
        WorkflowRun b = run(
                ON_AGENT + "  withFoundry(credentialsId: '" + MI_CREDENTIALS_ID + "', callFrom: 'agent') {\n"
                        + "    pauseFineTune(jobId: '" + first + "')\n"
                        + "    fineTuneJob(jobId: '" + first + "')\n"
                        + "    def job = fineTuneJob(jobId: '" + second + "')\n"
                        + "    echo \"second: ${job.status}\"\n"
                        + "  }\n}",
                Result.SUCCESS);
        j.assertLogContains("second: running", b);
        List<RecordedRequest> requests = assertAllThroughTheAgent(3);
        for (RecordedRequest request : requests) {
            assertThat(request.header("Authorization"), is("Bearer " + MI_TOKEN));
            assertThat(request.header("api-key"), nullValue());
        }
        List<ImdsStandIn.Call> calls = imds.calls();
        assertThat("one token for the three calls: cached on the agent", calls, hasSize(1));
        ImdsStandIn.Call call = calls.get(0);
        assertThat(call.path(), is(ImdsStandIn.TOKEN_PATH));
        assertThat(call.metadataHeader(), is("true"));
        assertThat(call.query().get("resource"), is("https://cognitiveservices.azure.com"));
        assertThat(call.query().get("client_id"), is(MI_CLIENT_ID));
        assertThat(call.query().get("api-version"), is("2018-02-01"));
        assertThat(proxy.seen(), everyItem(not(hasUriHost(imds))));
        j.assertLogNotContains(MI_TOKEN, b);
    }

    /**
     * A failure on the agent comes back as what it is, not as remoting's class-filter refusal of the client's or
     * HttpClient's exception classes: here nothing answers on the agent's token endpoint.
     */
    @Test
    void aFailureOnTheAgentIsReportedAsIfItHappenedHere() throws Exception {
        addAgentIdentity();
        imds.close(); // the agent's token endpoint no longer answers
        String id = emulator.seedJob(JobSeed.running().suffix("no-imds"));
        WorkflowRun b = run(
                ON_AGENT + "  pauseFineTune(jobId: '" + id + "', credentialsId: '" + MI_CREDENTIALS_ID
                        + "', callFrom: 'agent')\n}",
                Result.FAILURE);
        j.assertLogContains("No managed identity endpoint answered", b);
        j.assertLogNotContains("Rejected", b);
        j.assertLogNotContains("\tat ", b); // a message, not a stack trace
        assertThat(emulator.requests(), empty());
        assertThat(emulator.job(id).status(), is("running"));
    }

    @Test
    void theAgentsManagedIdentityFromTheControllerFailsNamingCallFrom() throws Exception {
        addAgentIdentity();
        emulator.acceptBearerToken(MI_TOKEN);
        String id = emulator.seedJob(JobSeed.running().suffix("identity-controller"));
        WorkflowRun outside =
                run("pauseFineTune(jobId: '" + id + "', credentialsId: '" + MI_CREDENTIALS_ID + "')", Result.FAILURE);
        WorkflowRun inside = run(
                ON_AGENT + "  pauseFineTune(jobId: '" + id + "', credentialsId: '" + MI_CREDENTIALS_ID + "')\n}",
                Result.FAILURE);
        for (WorkflowRun b : List.of(outside, inside)) {
            j.assertLogContains("Credentials '" + MI_CREDENTIALS_ID + "'", b);
            j.assertLogContains("get their token on the agent", b);
            j.assertLogContains("callFrom: 'agent'", b);
        }
        assertThat(emulator.requests(), empty());
        assertThat(imds.calls(), empty());
        assertThat(emulator.job(id).status(), is("running"));
    }

    // 6. The agent goes away during a wait.

    @Test
    void aWaitRidesOutTheAgentGoingAwayMidPollAndComingBack() throws Exception {
        MovableClock clock = useEmulatorOnAClock();
        String id = emulator.seedJob(JobSeed.running().suffix("disconnect"));
        WorkflowRun b = start(ON_AGENT + "  def job = pauseFineTune(jobId: '" + id
                + "', wait: true, timeout: 180, callFrom: 'agent')\n"
                + "  echo \"final status: ${job.status}\"\n}");
        j.waitForMessage("running → pausing", b);
        emulator.latency(Duration.ofSeconds(3)); // a poll is on its way when the agent goes
        await(() -> emulator.requestsInFlight() > 0, "a poll in flight");
        RealAgents.disconnect(agent, "test: the administrator disconnected the agent");
        j.waitForMessage("polling again until the deadline", b);
        emulator.latency(Duration.ZERO);
        Thread.sleep(3_000); // a few more polls fail while the agent is away: said once
        clock.advance(Duration.ofMinutes(11)); // meanwhile the job reaches paused
        assertThat(emulator.job(id).status(), is("paused"));
        RealAgents.reconnect(j, agent);
        j.assertBuildStatusSuccess(j.waitForCompletion(b));
        j.assertLogContains("final status: paused", b);
        j.assertLogContains("pausing → paused", b);
        String log = JenkinsRule.getLog(b);
        assertThat(count(log, "failed; polling again until the deadline"), is(1));
        String away = lineWith(log, "failed; polling again until the deadline");
        LOGGER.info("the wait said: " + away);
        // the poll in flight when the agent went is the streak's first failure
        assertThat(away, containsString("agent '" + AGENT + "' disconnected during the call"));
        j.assertLogContains("Reading fine-tuning job " + id + " answered again", b);
        assertThat("every call went through the agent", emulator.requests(), everyItem(markedByProxy()));
    }

    @Test
    void aWaitWhoseAgentNeverReturnsFailsAtTheDeadlineNamingTheAgent() throws Exception {
        useEmulatorOnAClock();
        String id = emulator.seedJob(JobSeed.running().suffix("never-back"));
        WorkflowRun b =
                start(ON_AGENT + "  pauseFineTune(jobId: '" + id + "', wait: true, timeout: 12, callFrom: 'agent')\n}");
        j.waitForMessage("running → pausing", b);
        RealAgents.launcher(agent).kill();
        RealAgents.awaitChannel(agent, false);
        j.assertBuildStatus(Result.FAILURE, j.waitForCompletion(b));
        j.assertLogContains("Timed out after 12 s waiting for fine-tuning job '" + id + "' to be paused", b);
        String log = JenkinsRule.getLog(b);
        assertThat(lineWith(log, "Timed out after 12 s"), containsString("agent '" + AGENT + "'"));
        assertThat(count(log, "failed; polling again until the deadline"), is(1));
    }

    // 7. Freestyle.

    @Test
    void aFreestyleBuildOnTheAgentCallsFromIt() throws Exception {
        String id = emulator.seedJob(JobSeed.running().suffix("freestyle"));
        FreeStyleProject p = j.createFreeStyleProject();
        p.setAssignedLabel(j.jenkins.getLabel("remote"));
        PauseFineTuneBuilder pause = new PauseFineTuneBuilder(new PauseFineTuneStep(id));
        pause.getStep().setCallFrom("agent");
        p.getBuildersList().add(pause);
        FreeStyleBuild b = j.buildAndAssertSuccess(p);
        assertThat(b.getBuiltOnStr(), is(AGENT));
        assertThat(emulator.job(id).status(), anyOf(is("pausing"), is("paused")));
        assertAllThroughTheAgent(1);
        j.assertLogNotContains(API_KEY, b);
    }

    // helpers

    /**
     * Every request the emulator received passed the agent's proxy; there were {@code expected} of them (-1: some).
     */
    private List<RecordedRequest> assertAllThroughTheAgent(int expected) {
        List<RecordedRequest> requests = emulator.requests();
        LOGGER.info("emulator requests: " + requests);
        assertThat(requests, expected < 0 ? not(empty()) : hasSize(expected));
        assertThat(requests, everyItem(markedByProxy()));
        assertThat("the proxy forwarded each of them, and nothing else", proxy.seen(), hasSize(requests.size()));
        return requests;
    }

    private void assertNoneThroughTheAgent(int expected) {
        List<RecordedRequest> requests = emulator.requests();
        assertThat(requests, hasSize(expected));
        assertThat(requests, everyItem(not(markedByProxy())));
        assertThat(proxy.seen(), empty());
    }

    private static org.hamcrest.Matcher<RecordedRequest> markedByProxy() {
        return new org.hamcrest.TypeSafeMatcher<>() {
            @Override
            protected boolean matchesSafely(RecordedRequest request) {
                return request.header(RecordingProxy.MARK) != null;
            }

            @Override
            public void describeTo(org.hamcrest.Description description) {
                description.appendText("a request with the header " + RecordingProxy.MARK);
            }
        };
    }

    private static org.hamcrest.Matcher<RecordingProxy.Seen> hasUriHost(ImdsStandIn imds) {
        String authority = imds.authorityHost().substring("http://".length());
        return new org.hamcrest.TypeSafeMatcher<>() {
            @Override
            protected boolean matchesSafely(RecordingProxy.Seen seen) {
                return authority.equals(seen.uri().getRawAuthority());
            }

            @Override
            public void describeTo(org.hamcrest.Description description) {
                description.appendText("a request to " + authority);
            }
        };
    }

    private static List<RecordedRequest> about(List<RecordedRequest> requests, String jobId) {
        return requests.stream().filter(r -> r.path().contains(jobId)).toList();
    }

    private void configureResourceCalledFromTheAgent() {
        FoundryResource resource = new FoundryResource("private");
        resource.setEndpoint(emulator.baseUrl());
        resource.setCredentialsId(CREDENTIALS_ID);
        resource.setCallFrom("agent");
        FoundryFineTuningConfiguration.get().setResources(List.of(resource));
    }

    private static void addAgentIdentity() throws IOException {
        AgentIdentityCredentials identity =
                new AgentIdentityCredentials(CredentialsScope.GLOBAL, MI_CREDENTIALS_ID, "agent identity");
        identity.setClientId(MI_CLIENT_ID);
        addCredentials(identity);
    }

    /** Replaces the emulator by one whose jobs stay {@code pausing} until the test moves its clock. */
    private MovableClock useEmulatorOnAClock() {
        MovableClock clock = new MovableClock();
        emulator.close();
        emulator = FineTuningEmulator.builder()
                .apiKey(API_KEY)
                .clock(clock)
                .pauseDelay(Duration.ofMinutes(10))
                .build()
                .start();
        FoundryFineTuningConfiguration.get().setEndpoint(emulator.baseUrl());
        return clock;
    }

    private WorkflowRun start(String script) throws Exception {
        WorkflowJob p = j.createProject(WorkflowJob.class);
        p.setDefinition(new CpsFlowDefinition(script, true));
        return p.scheduleBuild2(0).waitForStart();
    }

    private static String groovyList(List<String> ids) {
        return "[" + String.join(", ", ids.stream().map(id -> "'" + id + "'").toList()) + "]";
    }

    private static String formatted(LogRecord record) {
        StringWriter text = new StringWriter();
        text.append(new java.util.logging.SimpleFormatter().formatMessage(record));
        if (record.getThrown() != null) {
            record.getThrown().printStackTrace(new PrintWriter(text));
        }
        return text.toString();
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int k = 0; k < needle.length; k++) {
                if (haystack[i + k] != needle[k]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static int count(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + part.length())) {
            count++;
        }
        return count;
    }

    private static String lineWith(String text, String part) {
        return text.lines().filter(l -> l.contains(part)).findFirst().orElse("(no line with '" + part + "')");
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 60 s: " + what);
            }
            Thread.sleep(20);
        }
    }
}
