package io.jenkins.plugins.finetune.ondisk;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import io.jenkins.plugins.finetune.FoundryTestSupport;
import io.jenkins.plugins.finetune.MovableClock;
import io.jenkins.plugins.finetune.configuration.FoundryFineTuningConfiguration;
import io.jenkins.plugins.finetune.configuration.FoundryResource;
import io.jenkins.plugins.finetune.emulator.Fault;
import io.jenkins.plugins.finetune.emulator.FineTuningEmulator;
import io.jenkins.plugins.finetune.emulator.RecordedRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * Writes the on-disk fixtures of 1.0 ({@link OnDiskFixtures}); not a test (its name keeps it out of {@code mvn
 * verify}). Run once, with the code of the release, never to "fix" {@link OnDiskFormatTest}: a change that cannot
 * load these files needs {@code readResolve} or an alias instead (CONTRIBUTING.md).
 *
 * <pre>
 * JFS_JAVA_OPTS=-DonDiskFixtures.out=$PWD/src/test/resources/io/jenkins/plugins/finetune/ondisk/home-1.0 \
 *   bash ../shared/jenkins-from-source/test-plugin.sh --select-class=io.jenkins.plugins.finetune.ondisk.OnDiskFixtureWriter
 * </pre>
 *
 * The second home ({@link OnDiskFixtures#MIDWAY_RESOURCE_DIR}: builds cut short in the middle of a change) was added
 * later, beside the first and without writing over it, by the second method alone:
 *
 * <pre>
 * JFS_JAVA_OPTS=-DonDiskFixtures.midway.out=$PWD/src/test/resources/io/jenkins/plugins/finetune/ondisk/home-1.0-midway \
 *   bash ../shared/jenkins-from-source/test-plugin.sh \
 *   "--select-method=io.jenkins.plugins.finetune.ondisk.OnDiskFixtureWriter#writeTheMidwayFixtures(org.jvnet.hudson.test.JenkinsRule)"
 * </pre>
 */
@WithJenkins
class OnDiskFixtureWriter {

    @Test
    void writeTheFixtures(JenkinsRule j) throws Exception {
        Path out = Path.of(System.getProperty("onDiskFixtures.out", OnDiskFixtures.RESOURCE_DIR));
        if (Files.exists(out)) {
            throw new IllegalStateException(out + " exists: the fixtures are a promise, not regenerated over");
        }
        MovableClock clock = new MovableClock();
        try (FineTuningEmulator emulator = OnDiskFixtures.emulator(clock)) {
            OnDiskFixtures.seedRunning(emulator);
            FoundryTestSupport.addApiKey(FoundryTestSupport.CREDENTIALS_ID, FoundryTestSupport.API_KEY);
            FoundryResource resource = new FoundryResource(OnDiskFixtures.RESOURCE);
            resource.setEndpoint(emulator.baseUrl());
            resource.setCredentialsId(FoundryTestSupport.CREDENTIALS_ID);
            FoundryFineTuningConfiguration config = FoundryFineTuningConfiguration.get();
            config.setResources(List.of(resource));
            config.setMaxRetries(0);
            config.save();

            WorkflowRun recorded = start(j, "recorded", OnDiskFormatScripts.RECORDED);
            j.assertBuildStatusSuccess(j.waitForCompletion(recorded));

            int reads = count(emulator, OnDiskFixtureWriter::isRead);
            WorkflowRun single = start(j, "waiting-single", OnDiskFormatScripts.WAITING_SINGLE);
            j.waitForMessage("running → pausing", single);
            awaitRequests(emulator, reads + 2, OnDiskFixtureWriter::isRead); // a poll: waiting's state is saved

            WorkflowRun bulk = start(j, "waiting-bulk", OnDiskFormatScripts.WAITING_BULK);
            j.waitForMessage("Waiting for " + OnDiskFixtures.BULK_JOBS.size() + " fine-tuning jobs to be paused", bulk);
            awaitRequests(
                    emulator, count(emulator, OnDiskFixtureWriter::isListing) + 1, OnDiskFixtureWriter::isListing);

            int untilReads = count(emulator, OnDiskFixtureWriter::isRead);
            WorkflowRun until = start(j, "waiting-until", OnDiskFormatScripts.WAITING_UNTIL);
            j.waitForMessage("Fine-tuning job " + OnDiskFixtures.UNTIL_JOB + " is running", until);
            awaitRequests(emulator, untilReads + 2, OnDiskFixtureWriter::isRead); // its status is saved

            OnDiskFixtures.save(j.jenkins.getRootDir().toPath(), out, emulator.baseUrl());
            assertThat(
                    "the three builds still wait",
                    single.isBuilding() && bulk.isBuilding() && until.isBuilding(),
                    is(true));
        }
    }

    /**
     * Builds stopped before a change's answer was saved. The emulator holds the single change's request (a crash
     * now leaves the state saved before it was sent); the bulk change goes one job at a time, its first answer late
     * enough that the outcome is saved (every 2 s), its second saved by nobody yet, its third held.
     */
    @Test
    void writeTheMidwayFixtures(JenkinsRule j) throws Exception {
        Path out = Path.of(System.getProperty("onDiskFixtures.midway.out", OnDiskFixtures.MIDWAY_RESOURCE_DIR));
        if (Files.exists(out)) {
            throw new IllegalStateException(out + " exists: the fixtures are a promise, not regenerated over");
        }
        MovableClock clock = new MovableClock();
        try (FineTuningEmulator emulator = OnDiskFixtures.emulator(clock)) {
            OnDiskFixtures.seedMidwayRunning(emulator);
            FoundryTestSupport.addApiKey(FoundryTestSupport.CREDENTIALS_ID, FoundryTestSupport.API_KEY);
            FoundryResource resource = new FoundryResource(OnDiskFixtures.RESOURCE);
            resource.setEndpoint(emulator.baseUrl());
            resource.setCredentialsId(FoundryTestSupport.CREDENTIALS_ID);
            FoundryFineTuningConfiguration config = FoundryFineTuningConfiguration.get();
            config.setResources(List.of(resource));
            config.setMaxRetries(0);
            config.save();

            emulator.faults().next(Fault.hang().onlyFor("POST", OnDiskFixtures.REQUESTING_JOB + "/pause"));
            WorkflowRun single = start(j, "requesting-single", OnDiskFormatScripts.REQUESTING_SINGLE);
            awaitRequests(emulator, 1, OnDiskFixtureWriter::isPause);
            awaitFile(single.getRootDir().toPath().resolve("program.dat"));

            emulator.faults()
                    .next(Fault.delay(Duration.ofMillis(2_500)).onlyFor("POST", "/pause"))
                    .next(Fault.delay(Duration.ZERO).onlyFor("POST", "/pause"))
                    .next(Fault.hang().onlyFor("POST", "/pause"));
            WorkflowRun bulk = start(j, "changing-bulk", OnDiskFormatScripts.CHANGING_BULK);
            j.waitForMessage(OnDiskFixtures.MIDWAY_BULK_JOBS.size() + " fine-tuning jobs selected", bulk);
            awaitRequests(emulator, 4, OnDiskFixtureWriter::isPause); // the single's and the bulk's first three
            Thread.sleep(3_000); // the first outcome's checkpoint reaches program.dat (saved on the CPS VM thread)

            List<String> order = emulator.requests().stream()
                    .filter(OnDiskFixtureWriter::isPause)
                    .map(r -> r.path()
                            .substring(r.path().indexOf("/jobs/") + 6, r.path().lastIndexOf('/')))
                    .toList();
            assertThat(
                    "the order OnDiskFixtures.MIDWAY_BULK_JOBS says",
                    order,
                    is(List.of(
                            OnDiskFixtures.REQUESTING_JOB,
                            OnDiskFixtures.MIDWAY_BULK_JOBS.get(0),
                            OnDiskFixtures.MIDWAY_BULK_JOBS.get(1),
                            OnDiskFixtures.MIDWAY_BULK_JOBS.get(2))));
            OnDiskFixtures.save(j.jenkins.getRootDir().toPath(), out, emulator.baseUrl());
            assertThat("both builds still run", single.isBuilding() && bulk.isBuilding(), is(true));
        }
    }

    private static void awaitFile(Path file) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(file)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(file + " was never written");
            }
            Thread.sleep(20);
        }
        Thread.sleep(500); // written whole
    }

    private static boolean isPause(RecordedRequest r) {
        return r.method().equals("POST") && r.path().endsWith("/pause");
    }

    private static WorkflowRun start(JenkinsRule j, String name, String script) throws Exception {
        WorkflowJob p = j.createProject(WorkflowJob.class, name);
        p.setDefinition(new CpsFlowDefinition(script, true));
        return p.scheduleBuild2(0).waitForStart();
    }

    private static boolean isListing(RecordedRequest r) {
        return r.method().equals("GET") && r.path().endsWith("/fine_tuning/jobs");
    }

    private static boolean isRead(RecordedRequest r) {
        return r.method().equals("GET") && r.path().contains("/fine_tuning/jobs/");
    }

    private static int count(FineTuningEmulator emulator, Predicate<RecordedRequest> which) {
        return (int) emulator.requests().stream().filter(which).count();
    }

    private static void awaitRequests(FineTuningEmulator emulator, int count, Predicate<RecordedRequest> which)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (count(emulator, which) < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the emulator never received " + count + " such requests");
            }
            Thread.sleep(20);
        }
    }
}
