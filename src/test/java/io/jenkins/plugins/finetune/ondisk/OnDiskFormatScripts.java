package io.jenkins.plugins.finetune.ondisk;

/** The Pipelines of the fixture's builds, as 1.0 ran them (the fixture's config.xml files hold the same text). */
final class OnDiskFormatScripts {

    static final String RECORDED =
            "def one = pauseFineTune(jobId: '" + OnDiskFixtures.RECORDED_SINGLE + "', resource: '"
                    + OnDiskFixtures.RESOURCE + "')\n"
                    + "def some = pauseFineTunes(metadata: [fixture: 'recorded'], resource: '" + OnDiskFixtures.RESOURCE
                    + "')\n"
                    + "def checkpoints = fineTuneCheckpoints(jobId: '" + OnDiskFixtures.CHARTED + "', resource: '"
                    + OnDiskFixtures.RESOURCE + "')\n"
                    + "echo \"recorded: ${one.status}, ${some.size()}, ${checkpoints.size()} checkpoints\"";

    static final String WAITING_UNTIL = "def job = waitForFineTune(jobId: '" + OnDiskFixtures.UNTIL_JOB
            + "', resource: '" + OnDiskFixtures.RESOURCE + "', until: 'succeeded', timeout: 86400)\n"
            + "echo \"waited until: ${job.status}\"";

    static final String WAITING_SINGLE = "def job = pauseFineTune(jobId: '" + OnDiskFixtures.SINGLE_JOB
            + "', resource: '" + OnDiskFixtures.RESOURCE + "', wait: true, timeout: 86400)\n"
            + "echo \"final status: ${job.status}\"";

    static final String WAITING_BULK = "def r = pauseFineTunes(metadata: [fixture: 'bulk'], resource: '"
            + OnDiskFixtures.RESOURCE + "', wait: true, timeout: 86400)\n"
            + "echo \"paused: ${r.findAll { it.outcome == 'paused' }.size()} of ${r.size()}\"";

    /** Cut short in its request: the emulator holds the pause, so the state saved is the one before the answer. */
    static final String REQUESTING_SINGLE = "def job = pauseFineTune(jobId: '" + OnDiskFixtures.REQUESTING_JOB
            + "', resource: '" + OnDiskFixtures.RESOURCE + "', wait: true, timeout: 86400)\n"
            + "echo \"final status: ${job.status}\"";

    /** Cut short while changing: one job at a time, so that the jobs changed and not yet are known. */
    static final String CHANGING_BULK = "def r = pauseFineTunes(metadata: [fixture: 'midbulk'], resource: '"
            + OnDiskFixtures.RESOURCE + "', concurrency: 1)\n"
            + "echo \"paused: ${r.findAll { it.outcome == 'paused' }.size()} of ${r.size()}\"";

    private OnDiskFormatScripts() {}
}
