package vn.gov.lgsp.attachments;

import java.nio.file.Path;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** Serves stored attachments to peers holding a valid, unexpired link (the portal downloads from here). */
@RestController
public class AttachmentController {

    private final AttachmentStore store;
    private final AttachmentLinkSigner links;

    public AttachmentController(AttachmentStore store, AttachmentLinkSigner links) {
        this.store = store;
        this.links = links;
    }

    @GetMapping(AttachmentLinkSigner.PATH + "{sha256}")
    public ResponseEntity<Resource> download(@PathVariable String sha256, @RequestParam long expires,
                                             @RequestParam String signature) {
        if (!links.isValid(sha256, expires, signature)) {
            throw new ResponseStatusException(HttpStatus.FORBIDDEN, "the link is invalid or has expired");
        }
        Path file = store.find(sha256)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no such attachment"));
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_OCTET_STREAM).body(new FileSystemResource(file));
    }
}
