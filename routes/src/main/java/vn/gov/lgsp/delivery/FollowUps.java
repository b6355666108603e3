package vn.gov.lgsp.delivery;

import java.util.List;
import vn.gov.lgsp.adapters.model.Callback;

/**
 * News a delivery produces for the one-stop software. It is recorded in the same commit as the outcome it tells
 * of, and queued after that commit but before the message that caused it is acknowledged; when that message comes
 * back after a crash, its news is queued again (the broker drops what it has already), so nothing recorded is lost.
 */
public interface FollowUps {

    /**
     * Records the news of {@code step} at {@code peer}, inside the caller's transaction.
     *
     * @return what queues the news, to run once that transaction has committed
     */
    Runnable record(String peer, Step step, List<Callback> news);

    /**
     * Queues again whatever news the dossier's steps at {@code peer} produced from {@code fromSequence} on: a consumer
     * that delivers one step delivers the steps that waited behind it too, all in its one broker transaction.
     */
    void resend(String peer, String dossierCode, int fromSequence);
}
