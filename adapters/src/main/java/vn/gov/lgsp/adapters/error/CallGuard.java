package vn.gov.lgsp.adapters.error;

import java.util.function.Supplier;

/**
 * What every single call to a peer goes through. The application gives each adapter the guard of that peer (its
 * circuit breaker), so that the breaker counts calls, not whole deliveries of several calls; the guard may also try
 * a failed call again at once. The adapter says which calls are harmless to repeat; a guard repeats any other call
 * only after a failure that shows the peer never got it ({@link PeerTransientException#peerMayHaveActed()} false).
 * A guard that refuses a call throws a {@link PeerTransientException}.
 */
public interface CallGuard {

    /** No guard: every call goes through once (tools and tests that talk to a peer directly). */
    CallGuard NONE = new CallGuard() {
        @Override
        public <T> T call(boolean repeatable, Supplier<T> call) {
            return call.get();
        }
    };

    /**
     * @param repeatable sending the call twice changes nothing at the peer (a lookup, a login, a create-or-update,
     *                   a message the peer drops as a repeat)
     */
    <T> T call(boolean repeatable, Supplier<T> call);
}
