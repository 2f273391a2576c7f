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

    private OnDiskFormatScripts() {}
}
