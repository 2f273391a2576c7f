package io.jenkins.plugins.finetune.client;

/** The state-changing routes, and the statuses that show each has taken effect. */
enum JobAction {
    PAUSE("pause"),
    RESUME("resume"),
    CANCEL("cancel");

    private final String verb;

    JobAction(String verb) {
        this.verb = verb;
    }

    /** The last path segment of the route, also the verb in messages. */
    String verb() {
        return verb;
    }

    /** True when a job in this status is where this action leads. */
    boolean isResultOf(JobStatus status) {
        if (status == null) {
            return false;
        }
        return switch (this) {
            case PAUSE -> status.isPausingOrPaused();
            case RESUME -> status.equals(JobStatus.RESUMING) || status.isRunning();
            case CANCEL -> status.equals(JobStatus.CANCELLED);
        };
    }
}
