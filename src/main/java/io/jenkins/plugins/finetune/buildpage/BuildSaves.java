package io.jenkins.plugins.finetune.buildpage;

import hudson.model.Run;
import java.io.IOException;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.util.Timer;

/**
 * Saves a build's {@code build.xml} at once for the build page's actions, so that a restart finds what they hold; a
 * failed save is logged, never thrown into a build. A save cut short by an abort (the interrupt closes build.xml's
 * channel) is made again on Jenkins' {@link Timer}, whose threads no abort interrupts.
 */
final class BuildSaves {

    private static final Logger LOGGER = Logger.getLogger(BuildSaves.class.getName());

    private BuildSaves() {}

    /** @param what what the save keeps, for the log, e.g. {@code "the fine-tuning jobs"} */
    static void save(Run<?, ?> run, String what) {
        try {
            run.save();
        } catch (IOException | RuntimeException e) {
            if (Thread.currentThread().isInterrupted()) {
                LOGGER.log(Level.FINE, "Saving " + run + " was interrupted; saving it again", e);
                Timer.get().execute(() -> saveOnce(run, what));
            } else {
                LOGGER.log(Level.WARNING, "Could not save " + what + " of " + run, e);
            }
        }
    }

    private static void saveOnce(Run<?, ?> run, String what) {
        try {
            run.save();
        } catch (IOException | RuntimeException e) {
            LOGGER.log(Level.WARNING, "Could not save " + what + " of " + run, e);
        }
    }
}
