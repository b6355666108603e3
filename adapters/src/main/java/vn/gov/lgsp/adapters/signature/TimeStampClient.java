package vn.gov.lgsp.adapters.signature;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import org.bouncycastle.tsp.TSPAlgorithms;
import org.bouncycastle.tsp.TSPException;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.bouncycastle.tsp.TimeStampResponse;
import org.bouncycastle.tsp.TimeStampToken;

/** Asks an RFC 3161 time-stamping authority to vouch for a digest, for baseline B-T signatures. */
public final class TimeStampClient {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final URI url;
    private final Duration timeout;
    private final HttpClient http;

    public TimeStampClient(URI url, Duration timeout) {
        this.url = url;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /** A token over the SHA-256 {@code digest}, checked to answer this very request. */
    TimeStampToken stamp(byte[] digest) throws GeneralSecurityException {
        TimeStampRequestGenerator generator = new TimeStampRequestGenerator();
        generator.setCertReq(true);
        TimeStampRequest request = generator.generate(TSPAlgorithms.SHA256, digest, new BigInteger(64, RANDOM));
        try {
            HttpResponse<byte[]> answer = http.send(HttpRequest.newBuilder(url).timeout(timeout)
                            .header("Content-Type", "application/timestamp-query")
                            .POST(HttpRequest.BodyPublishers.ofByteArray(request.getEncoded())).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (answer.statusCode() != 200) {
                throw new GeneralSecurityException("time-stamping authority " + url + " answered HTTP " + answer.statusCode());
            }
            TimeStampResponse response = new TimeStampResponse(answer.body());
            response.validate(request);
            if (response.getTimeStampToken() == null) {
                throw new GeneralSecurityException("time-stamping authority refused: " + response.getStatusString());
            }
            return response.getTimeStampToken();
        } catch (IOException | TSPException e) {
            throw new GeneralSecurityException("no time-stamp from " + url + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GeneralSecurityException("interrupted while waiting for a time-stamp", e);
        }
    }
}
