package io.jenkins.plugins.finetune.ondisk;

import io.jenkins.plugins.finetune.FoundryTestSupport;
import io.jenkins.plugins.finetune.emulator.FineTuningEmulator;
import io.jenkins.plugins.finetune.emulator.JobSeed;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * What the on-disk fixtures of 1.0 hold and how a home is copied to and from them. The fixtures are a JENKINS_HOME
 * as 1.0 left it when Jenkins stopped abruptly (kill -9) with builds in the middle of each saved phase, plus
 * finished builds with their build-page record; {@link OnDiskFixtureWriter} made them, {@link OnDiskFormatTest} loads
 * them. The emulator's address is the one thing that changes between the two: the fixtures say {@link #ENDPOINT}.
 */
final class OnDiskFixtures {

    /** Where the fixture home lives in the sources (the writer's output, the test's input). */
    static final String RESOURCE_DIR = "src/test/resources/io/jenkins/plugins/finetune/ondisk/home-1.0";

    /**
     * The second fixture home, added beside {@link #RESOURCE_DIR} rather than written over it: builds stopped in
     * the middle of a change, before its answer was saved (a bulk change with some jobs changed and the others not
     * yet, a single change whose request was sent and never answered).
     */
    static final String MIDWAY_RESOURCE_DIR = "src/test/resources/io/jenkins/plugins/finetune/ondisk/home-1.0-midway";

    /** Stands for the emulator's address in the fixture's files; text files only, never in program.dat. */
    static final String ENDPOINT = "http://127.0.0.1:1";

    /** The resource every fixture build names, so that no endpoint is saved in a build's own state. */
    static final String RESOURCE = "fixtures";

    static final String SINGLE_JOB = "ftjob-fixture00000000000000000000single";
    static final List<String> BULK_JOBS = List.of(
            "ftjob-fixture0000000000000000000000bulk1",
            "ftjob-fixture0000000000000000000000bulk2",
            "ftjob-fixture0000000000000000000000bulk3");
    static final String RECORDED_SINGLE = "ftjob-fixture000000000000000000recorded";
    static final List<String> RECORDED_BULK =
            List.of("ftjob-fixture00000000000000000recorded1", "ftjob-fixture00000000000000000recorded2");

    /** The job a {@code waitForFineTune} waits on until it has succeeded. */
    static final String UNTIL_JOB = "ftjob-fixture0000000000000000000000until";

    /** A finished job whose checkpoints a build read: the training chart in its {@code build.xml}. */
    static final String CHARTED = "ftjob-fixture00000000000000000000charted";

    /** The job whose {@code pauseFineTune} request the emulator held: sent, never answered. */
    static final String REQUESTING_JOB = "ftjob-fixture0000000000000000requesting";

    /**
     * The jobs of the bulk change cut short, in the order it changed them (one at a time): the first one's outcome
     * is saved; the second was changed but its outcome not yet saved; the third's request was held (it never reached
     * the jobs); the fourth was not sent yet.
     */
    static final List<String> MIDWAY_BULK_JOBS = List.of(
            "ftjob-fixture000000000000000000midbulk1",
            "ftjob-fixture000000000000000000midbulk2",
            "ftjob-fixture000000000000000000midbulk3",
            "ftjob-fixture000000000000000000midbulk4");

    /** How long {@code pausing} lasts in the emulator: the waits stay waiting until a test moves its clock. */
    static final Duration PAUSE_DELAY = Duration.ofMinutes(10);

    /** Top-level entries of a home that make up the fixture; the rest (plugins, logs, caches) is not 1.0's format. */
    private static final Set<String> KEPT = Set.of(
            "config.xml",
            "credentials.xml",
            "io.jenkins.plugins.finetune.configuration.FoundryFineTuningConfiguration.xml",
            "jobs",
            "secrets");

    /** Within secrets/, what decrypts the saved credentials. */
    private static final Set<String> KEPT_SECRETS = Set.of("master.key", "hudson.util.Secret");

    private OnDiskFixtures() {}

    static FineTuningEmulator emulator(Clock clock) {
        FoundryTestSupport.allowLoopbackHttp(true);
        return FineTuningEmulator.builder()
                .apiKey(FoundryTestSupport.API_KEY)
                .clock(clock)
                .pauseDelay(PAUSE_DELAY)
                .build()
                .start();
    }

    /** The jobs as the writer found them: running, and the recorded ones too. */
    static void seedRunning(FineTuningEmulator emulator) {
        emulator.seedJob(JobSeed.running().id(UNTIL_JOB).totalSteps(100_000));
        seedCharted(emulator);
        emulator.seedJob(JobSeed.running().id(SINGLE_JOB));
        for (String id : BULK_JOBS) {
            emulator.seedJob(JobSeed.running().id(id).metadata("fixture", "bulk"));
        }
        emulator.seedJob(JobSeed.running().id(RECORDED_SINGLE));
        for (String id : RECORDED_BULK) {
            emulator.seedJob(JobSeed.running().id(id).metadata("fixture", "recorded"));
        }
    }

    /** The jobs as the fixture's waiting builds left them: pause requested, not yet paused; still training. */
    static void seedAsLeft(FineTuningEmulator emulator) {
        emulator.seedJob(JobSeed.running().id(UNTIL_JOB).totalSteps(3)); // ends once a test moves the clock
        seedCharted(emulator);
        emulator.seedJob(JobSeed.withStatus("pausing").id(SINGLE_JOB));
        for (String id : BULK_JOBS) {
            emulator.seedJob(JobSeed.withStatus("pausing").id(id).metadata("fixture", "bulk"));
        }
        emulator.seedJob(JobSeed.withStatus("pausing").id(RECORDED_SINGLE));
        for (String id : RECORDED_BULK) {
            emulator.seedJob(JobSeed.withStatus("pausing").id(id).metadata("fixture", "recorded"));
        }
    }

    /** The jobs of the second home as its writer found them: all running (the last seeded is listed first). */
    static void seedMidwayRunning(FineTuningEmulator emulator) {
        emulator.seedJob(JobSeed.running().id(REQUESTING_JOB));
        for (String id : MIDWAY_BULK_JOBS.reversed()) {
            emulator.seedJob(JobSeed.running().id(id).metadata("fixture", "midbulk"));
        }
    }

    /**
     * The jobs of the second home as its builds left them: the bulk change's first two paused, the held third and
     * the unsent fourth still running; the single change's job running (the held request never reached it), or
     * {@code pausing} when {@code requestTookEffect} (Azure applied it, the answer was lost).
     */
    static void seedMidwayAsLeft(FineTuningEmulator emulator, boolean requestTookEffect) {
        emulator.seedJob(
                requestTookEffect
                        ? JobSeed.withStatus("pausing").id(REQUESTING_JOB)
                        : JobSeed.running().id(REQUESTING_JOB));
        for (int i = MIDWAY_BULK_JOBS.size() - 1; i >= 0; i--) {
            JobSeed seed = i < 2 ? JobSeed.withStatus("pausing") : JobSeed.running();
            emulator.seedJob(seed.id(MIDWAY_BULK_JOBS.get(i)).metadata("fixture", "midbulk"));
        }
    }

    private static void seedCharted(FineTuningEmulator emulator) {
        emulator.seedJob(JobSeed.withStatus("succeeded")
                .id(CHARTED)
                .validationFile("file-fixture-validation")
                .totalSteps(40)
                .checkpointInterval(10));
    }

    /** Copies the fixture parts of a running home (as a crash would leave them), the endpoint replaced. */
    static void save(Path home, Path fixture, String endpoint) throws IOException {
        copy(home, fixture, endpoint, ENDPOINT);
    }

    /** Puts the fixture into an empty home, with the emulator's address. */
    static void load(Path fixture, Path home, String endpoint) throws IOException {
        copy(fixture, home, ENDPOINT, endpoint);
    }

    private static void copy(Path from, Path to, String endpoint, String replacement) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Path relative = from.relativize(dir);
                if (!kept(relative) || relative.toString().endsWith("workspace")) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                Files.createDirectories(to.resolve(relative.toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Path relative = from.relativize(file);
                if (!kept(relative)) {
                    return FileVisitResult.CONTINUE;
                }
                Path target = to.resolve(relative.toString());
                try {
                    if (file.getFileName().toString().endsWith(".xml")) {
                        String text = Files.readString(file, StandardCharsets.UTF_8);
                        Files.writeString(target, text.replace(endpoint, replacement), StandardCharsets.UTF_8);
                    } else {
                        Files.copy(file, target);
                        if (new String(Files.readAllBytes(target), StandardCharsets.ISO_8859_1).contains(endpoint)) {
                            throw new IllegalStateException(relative + " holds the endpoint, which cannot be replaced"
                                    + " there: the fixture's builds must name the resource instead");
                        }
                    }
                } catch (NoSuchFileException deletedMeanwhile) {
                    // a temporary file Jenkins removed while it was copied: not part of the saved state
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException exc) {
                return FileVisitResult.CONTINUE; // removed while walking
            }
        });
    }

    private static boolean kept(Path relative) {
        if (relative.getNameCount() == 0 || relative.toString().isEmpty()) {
            return true;
        }
        String top = relative.getName(0).toString();
        if (!KEPT.contains(top)) {
            return false;
        }
        if (top.equals("secrets") && relative.getNameCount() > 1) {
            return KEPT_SECRETS.contains(relative.getName(1).toString());
        }
        String name = relative.getFileName().toString();
        return !name.endsWith(".tmp") && !name.startsWith("atomic");
    }
}
