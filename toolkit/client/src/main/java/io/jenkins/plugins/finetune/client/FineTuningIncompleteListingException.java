package io.jenkins.plugins.finetune.client;

/**
 * Azure said more items follow ({@code has_more}) but the next page could not be had without going
 * round in circles: an empty page, or a cursor seen before. What was listed is not the whole list.
 */
public class FineTuningIncompleteListingException extends FineTuningApiException {

    private static final long serialVersionUID = 1L;

    private final int listed;

    FineTuningIncompleteListingException(String message, int listed) {
        super(message, 200, null, null, null);
        this.listed = listed;
    }

    /** How many items had been listed when the listing had to stop. */
    public int listed() {
        return listed;
    }
}
