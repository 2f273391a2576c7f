package io.jenkins.plugins.finetune.calls;

import edu.umd.cs.findbugs.annotations.NonNull;
import io.jenkins.plugins.finetune.client.FineTuningClient;
import java.util.concurrent.atomic.AtomicBoolean;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * One call's use of a shared client: the {@link ClientCache} never closes the client while a lease on it is
 * open. Closing the lease (once; again does nothing) hands the client back, it does not close it.
 */
@Restricted(NoExternalUse.class)
public final class ClientLease implements AutoCloseable {

    private final ClientCache.SharedClient shared;
    private final AtomicBoolean returned = new AtomicBoolean();

    ClientLease(@NonNull ClientCache.SharedClient shared) {
        this.shared = shared;
    }

    @NonNull
    public FineTuningClient client() {
        if (returned.get()) {
            throw new IllegalStateException("this lease was closed");
        }
        return shared.client();
    }

    /** The shared client this lease holds (for tests). */
    @NonNull
    ClientCache.SharedClient shared() {
        return shared;
    }

    @Override
    public void close() {
        if (returned.compareAndSet(false, true)) {
            shared.release();
        }
    }

    @Override
    public String toString() {
        return "ClientLease[" + shared.key() + "]";
    }
}
