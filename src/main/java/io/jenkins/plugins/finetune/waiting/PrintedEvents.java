package io.jenkins.plugins.finetune.waiting;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.console.AnnotatedLargeText;
import hudson.model.Run;
import io.jenkins.plugins.finetune.client.JobIds;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * The build log as the record of the events a wait printed. A wait saves the last event it printed, but a crash
 * can come after the lines reached the log and before that save reached disk; on resume (only then) the wait reads
 * the end of its build's log for the last event line of each job it follows ({@link EventFeed#line}: the event's id
 * ends it) and goes on after whichever of that and the saved one is newer. A crash that lost the log's last bytes
 * prints again only lines nobody saw.
 *
 * <p>Bounded: only the last {@value #TAIL_BYTES} bytes are read, once per resume; a job whose last event line is
 * further back (a build that printed that much since) goes on from the saved id alone, as before.
 */
@Restricted(NoExternalUse.class)
public final class PrintedEvents {

    private static final Logger LOGGER = Logger.getLogger(PrintedEvents.class.getName());

    /** How much of the end of the build log a resume reads at most. */
    static final int TAIL_BYTES = 1024 * 1024;

    private PrintedEvents() {}

    /**
     * The id of the last event line printed for each of {@code jobIds} near the end of {@code run}'s log (jobs
     * without one are absent); empty when the log cannot be read (said in Jenkins' log: the saved ids still hold).
     */
    @NonNull
    public static Map<String, String> lastIn(@NonNull Run<?, ?> run, @NonNull Collection<String> jobIds) {
        Map<String, String> last = new HashMap<>();
        if (jobIds.isEmpty()) {
            return last;
        }
        String tail;
        try {
            tail = tail(run.getLogText());
        } catch (IOException | RuntimeException e) {
            LOGGER.log(Level.WARNING, "Could not read the end of the log of " + run + " for its last events", e);
            return last;
        }
        String[] lines = tail.split("\n", -1);
        // the first line may be cut; the last is cut or empty: a line whose end is not in the log is not counted
        for (int i = 1; i < lines.length - 1; i++) {
            String line = lines[i].endsWith("\r") ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
            if (!line.startsWith("[")) {
                continue;
            }
            int close = line.indexOf("] ");
            int mark = line.lastIndexOf(EventFeed.MARK);
            if (close < 0 || mark < close) {
                continue;
            }
            String jobId = line.substring(1, close);
            String eventId = line.substring(mark + EventFeed.MARK.length());
            if (jobIds.contains(jobId)
                    && !eventId.equals(EventFeed.NO_ID)
                    && JobIds.problemWithEventId(eventId) == null) {
                last.put(jobId, eventId); // later lines are newer
            }
        }
        return last;
    }

    /** The last {@value #TAIL_BYTES} bytes of the log (without console notes), from the start of a line on. */
    private static String tail(AnnotatedLargeText<?> log) throws IOException {
        long length = log.length();
        long start = Math.max(0, length - TAIL_BYTES);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        if (start == 0) {
            bytes.write('\n'); // the log's first line is whole
        }
        long end = log.writeLogTo(start, new BoundedStream(bytes, TAIL_BYTES + 1L));
        if (end <= start) {
            return ""; // nothing was there to read
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** Keeps what is written up to a limit: the log grows while it is read, the memory used does not. */
    private static final class BoundedStream extends java.io.OutputStream {
        private final ByteArrayOutputStream to;
        private long room;

        BoundedStream(ByteArrayOutputStream to, long room) {
            this.to = to;
            this.room = room;
        }

        @Override
        public void write(int b) {
            if (room > 0) {
                to.write(b);
                room--;
            }
        }

        @Override
        public void write(byte[] b, int off, int len) {
            int n = (int) Math.min(len, room);
            if (n > 0) {
                to.write(b, off, n);
                room -= n;
            }
        }
    }
}
