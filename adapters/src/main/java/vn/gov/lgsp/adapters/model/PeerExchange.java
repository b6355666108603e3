package vn.gov.lgsp.adapters.model;

/**
 * One message exchanged with a peer, as the message log records it: the payload itself is not kept,
 * only its SHA-256.
 *
 * @param outcome {@code OK}, {@code REJECTED}, {@code FAILED} (transient) or a peer-specific word
 */
public record PeerExchange(String peer, Direction direction, String dossierCode, String operation,
                           byte[] payload, String outcome, String detail) {

    public enum Direction {
        IN,
        OUT
    }

    /** Receives every exchange an adapter makes; the application writes them to the message log. */
    @FunctionalInterface
    public interface Journal {

        void record(PeerExchange exchange);
    }
}
