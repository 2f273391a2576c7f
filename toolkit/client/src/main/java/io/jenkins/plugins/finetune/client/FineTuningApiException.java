package io.jenkins.plugins.finetune.client;

/**
 * Azure answered, but not with success: an HTTP error status (with Azure's
 * {@code {"error":{"code","message","param"}}} details when the body had them), a redirect we refuse
 * to follow, or a success body that is not what the route documents.
 */
public class FineTuningApiException extends FineTuningException {

    private static final long serialVersionUID = 1L;

    private final int statusCode;
    private final String errorCode;
    private final String errorMessage;
    private final String errorParam;
    private final String requestId;
    private final String jobStatus;
    private final transient FineTuningJob currentJob;

    FineTuningApiException(
            String message, int statusCode, AzureError error, String requestId, FineTuningJob currentJob) {
        super(message);
        this.statusCode = statusCode;
        this.errorCode = error == null ? null : error.code();
        this.errorMessage = error == null ? null : error.message();
        this.errorParam = error == null ? null : error.param();
        this.requestId = requestId;
        this.currentJob = currentJob;
        this.jobStatus = currentJob == null || currentJob.status() == null
                ? null
                : currentJob.status().value();
    }

    /** Azure's 408, 429 and 5xx answers, the statuses it documents as transient. */
    @Override
    public boolean isTransient() {
        return RetryPolicy.isRetryable(statusCode);
    }

    /** The HTTP status Azure answered with. */
    public int statusCode() {
        return statusCode;
    }

    /** Azure's {@code error.code}, or {@code null} when the body had none. */
    public String errorCode() {
        return errorCode;
    }

    /** Azure's {@code error.message}, or {@code null} when the body had none. */
    public String errorMessage() {
        return errorMessage;
    }

    /** Azure's {@code error.param}, or {@code null}. */
    public String errorParam() {
        return errorParam;
    }

    /** The {@code apim-request-id} (or {@code x-request-id}) to quote to Azure support, or {@code null}. */
    public String requestId() {
        return requestId;
    }

    /** The job's status when Azure refused a state change (looked up after the refusal), or {@code null}. */
    public JobStatus jobStatus() {
        return jobStatus == null ? null : JobStatus.of(jobStatus);
    }

    /** The job as read after Azure refused a state change (so callers need not read it again), or {@code null}. */
    public FineTuningJob currentJob() {
        return currentJob;
    }

    /** True when Azure refused a pause/resume/cancel because the job is in another state. */
    public boolean isInvalidJobState() {
        return (statusCode == 400 || statusCode == 409) && jobStatus != null;
    }
}
