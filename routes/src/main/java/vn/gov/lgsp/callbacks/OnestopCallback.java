package vn.gov.lgsp.callbacks;

import vn.gov.lgsp.adapters.model.Callback;

/**
 * A callback on its way, as the callback queue carries it and the outbox keeps it.
 *
 * @param recipient the one-stop client ({@code app.onestop.clients.<recipient>}) that sent the dossier's events
 * @param sequence  its place among the dossier's callbacks: they arrive in this order
 */
public record OnestopCallback(String recipient, int sequence, Callback callback) {
}
