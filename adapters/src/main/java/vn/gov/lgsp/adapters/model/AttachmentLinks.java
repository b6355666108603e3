package vn.gov.lgsp.adapters.model;

import java.net.URI;

/** Gives a peer a time-limited address from which to download an attachment the middleware stores. */
@FunctionalInterface
public interface AttachmentLinks {

    URI linkFor(Attachment attachment);
}
