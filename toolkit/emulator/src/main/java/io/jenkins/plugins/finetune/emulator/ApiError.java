package io.jenkins.plugins.finetune.emulator;

/** A refusal the emulator answers with an Azure error body; thrown anywhere below the HTTP handler. */
final class ApiError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    final int httpStatus;
    final String code;
    final String param;

    ApiError(int httpStatus, String code, String message, String param) {
        super(message, null, false, false);
        this.httpStatus = httpStatus;
        this.code = code;
        this.param = param;
    }

    static ApiError badRequest(String code, String message, String param) {
        return new ApiError(400, code, message, param);
    }

    static ApiError jobNotFound(String jobId) {
        return new ApiError(404, "notFound", "The specified fine-tuning job '" + jobId + "' was not found.", null);
    }

    static ApiError invalidState(String jobId, String verb, String status) {
        return new ApiError(
                400,
                "invalidJobState",
                "Job " + jobId + " cannot be " + verb + " because its status is '" + status + "'.",
                null);
    }
}
