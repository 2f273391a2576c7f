package io.jenkins.plugins.finetune.client;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/** A {@code fine_tuning.job.event}: one line of a job's history (level, message, time). */
public final class FineTuningEvent extends ApiObject {

    FineTuningEvent(ObjectNode json) {
        super(json);
    }

    public String level() {
        return Json.text(json, "level");
    }

    public String message() {
        return Json.text(json, "message");
    }

    public String type() {
        return Json.text(json, "type");
    }

    /**
     * The event as one line for a console or build log, {@code <created_at> <level> <message>}, made safe with
     * {@link ConsoleText#sanitize(String)} (Azure's text is untrusted) and cut after
     * {@value #MAX_CONSOLE_MESSAGE} characters of message.
     */
    public String toConsoleLine() {
        Instant created = createdAt();
        String message = message();
        if (message != null && message.length() > MAX_CONSOLE_MESSAGE) {
            message = message.substring(0, MAX_CONSOLE_MESSAGE) + "… (" + message.length() + " characters)";
        }
        return ConsoleText.sanitize((created == null ? "-" : created.toString()) + " "
                + (level() == null ? "-" : level()) + " " + (message == null ? "" : message));
    }

    /** Longest message {@link #toConsoleLine()} prints whole. */
    public static final int MAX_CONSOLE_MESSAGE = 2000;

    @Override
    public String toString() {
        return "FineTuningEvent[id=" + Texts.printable(id(), 64) + ", level=" + Texts.printable(level(), 16)
                + ", message=" + Texts.printable(message(), 200) + "]";
    }
}
