package io.jenkins.plugins.finetune.client.testing;

/** JSON bodies in the shapes the fine-tuning routes answer with. */
public final class TestJobs {

    private TestJobs() {}

    /** A complete {@code fine_tuning.job} with this id and status. */
    public static String job(String id, String status) {
        return "{\"id\":\"" + id + "\",\"object\":\"fine_tuning.job\",\"created_at\":1717200000,\"finished_at\":null,"
                + "\"estimated_finish\":1717203600,\"model\":\"gpt-4o-mini-2024-07-18\",\"fine_tuned_model\":null,"
                + "\"organization_id\":\"org-1\",\"status\":\"" + status + "\",\"error\":null,"
                + "\"hyperparameters\":{\"n_epochs\":3,\"batch_size\":\"auto\",\"learning_rate_multiplier\":1.8},"
                + "\"method\":{\"type\":\"supervised\",\"supervised\":{\"hyperparameters\":{\"n_epochs\":3}}},"
                + "\"integrations\":[],\"metadata\":{\"team\":\"ml\"},\"result_files\":[\"file-r1\",\"file-r2\"],"
                + "\"training_file\":\"file-train\",\"validation_file\":null,\"trained_tokens\":12345,\"seed\":42,"
                + "\"user_provided_suffix\":\"nightly\"}";
    }

    /** {@code {"object":"list","data":[jobs...],"has_more":hasMore}} */
    public static String list(boolean hasMore, String... ids) {
        StringBuilder data = new StringBuilder();
        for (String id : ids) {
            if (data.length() > 0) {
                data.append(',');
            }
            data.append(job(id, "running"));
        }
        return "{\"object\":\"list\",\"data\":[" + data + "],\"has_more\":" + hasMore + "}";
    }

    /** A list of events. */
    public static String events(boolean hasMore, String... ids) {
        StringBuilder data = new StringBuilder();
        for (String id : ids) {
            if (data.length() > 0) {
                data.append(',');
            }
            data.append("{\"id\":\"")
                    .append(id)
                    .append(
                            "\",\"object\":\"fine_tuning.job.event\",\"created_at\":1717200000,"
                                    + "\"level\":\"info\",\"message\":\"Step 1/100: training loss=0.5\",\"type\":\"message\",\"data\":{\"step\":1}}");
        }
        return "{\"object\":\"list\",\"data\":[" + data + "],\"has_more\":" + hasMore + "}";
    }
}
