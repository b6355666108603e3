package vn.gov.lgsp.adapters.model;

/**
 * A file that an inter-agency package lists (DOMAIN 6): its bytes travel beside the package as a part with the same
 * {@code id}, and must have this size and SHA-256 (lowercase hex).
 */
public record InterAgencyDocument(String id, String name, String mediaType, long size, String sha256) {
}
