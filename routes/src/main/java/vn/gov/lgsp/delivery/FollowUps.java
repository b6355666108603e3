package vn.gov.lgsp.delivery;

import java.util.List;
import vn.gov.lgsp.adapters.model.Callback;

/**
 * News a delivery produces for the one-stop software. It is recorded in the same commit as the outcome it tells
 * of, and queued after that commit; when the same message comes back after a crash, its news is queued again
 * (the callback flow takes a callback it already has as a repeat), so that nothing recorded is lost.
 */
public interface FollowUps {

    /**
     * Records the news of {@code step} at {@code peer}, inside the caller's transaction.
     *
     * @return what queues the news, to run once that transaction has committed
     */
    Runnable record(String peer, Step step, List<Callback> news);

    /** Queues again whatever news the step at {@code peer} produced. */
    void resend(String peer, String dossierCode, int sequence);
}
