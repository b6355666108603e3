package vn.gov.lgsp.adapters.error;

import java.util.function.Supplier;

/**
 * What every single call to a peer goes through. The application gives each adapter the guard of that peer (its
 * circuit breaker), so that the breaker counts calls, not whole deliveries of several calls. A guard that refuses a
 * call throws a {@link PeerTransientException}.
 */
@FunctionalInterface
public interface CallGuard {

    /** No guard: every call goes through (tools and tests that talk to a peer directly). */
    CallGuard NONE = new CallGuard() {
        @Override
        public <T> T call(Supplier<T> call) {
            return call.get();
        }
    };

    <T> T call(Supplier<T> call);
}
