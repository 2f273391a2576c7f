package io.jenkins.plugins.finetune.stepexecutions;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.model.TaskListener;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.Serial;
import java.nio.charset.Charset;
import java.util.function.BooleanSupplier;

/**
 * A step's build log as the calls and changes it starts write to it: once the step is stopped, work still finishing
 * on another thread (a response that was on its way, a bulk change's last jobs) writes nothing more, so that the log
 * never says a job was changed after the step was aborted. Used on the controller only, never sent anywhere.
 */
final class SilencedAfterStop implements TaskListener {

    @Serial
    private static final long serialVersionUID = 1L;

    private final transient PrintStream logger;
    private final transient Charset charset;

    SilencedAfterStop(@NonNull TaskListener log, @NonNull BooleanSupplier stopped) {
        this.charset = log.getCharset();
        this.logger = new PrintStream(new Gate(log.getLogger(), stopped), true, charset);
    }

    /** Lets bytes through to the build log until the step is stopped. */
    private static final class Gate extends FilterOutputStream {
        private final BooleanSupplier stopped;

        Gate(OutputStream log, BooleanSupplier stopped) {
            super(log);
            this.stopped = stopped;
        }

        @Override
        public void write(int b) throws IOException {
            if (!stopped.getAsBoolean()) {
                out.write(b);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (!stopped.getAsBoolean()) {
                out.write(b, off, len);
            }
        }

        @Override
        public void close() throws IOException {
            out.flush(); // the build's log outlives this step
        }
    }

    @NonNull
    @Override
    public PrintStream getLogger() {
        return logger;
    }

    @NonNull
    @Override
    public Charset getCharset() {
        return charset;
    }

    /** Not sent to an agent: the calls that could go there take only what they need, never the listener. */
    @Serial
    private Object writeReplace() {
        throw new UnsupportedOperationException("A step's silenced log stays on the controller");
    }
}
