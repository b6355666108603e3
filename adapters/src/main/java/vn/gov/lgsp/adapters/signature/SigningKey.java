package vn.gov.lgsp.adapters.signature;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;

/** A private key with its certificate chain, signer first. */
public record SigningKey(PrivateKey privateKey, List<X509Certificate> chain) {

    public SigningKey {
        chain = List.copyOf(chain);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("a signing key needs its certificate");
        }
    }

    public X509Certificate certificate() {
        return chain.get(0);
    }

    /** The key under {@code alias} in a PKCS#12 keystore (the default key store; a PKCS#11 token comes later). */
    public static SigningKey fromPkcs12(Path keystore, char[] password, String alias)
            throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, password);
        }
        if (!store.isKeyEntry(alias)) {
            throw new GeneralSecurityException("no private key under alias '" + alias + "' in " + keystore.getFileName());
        }
        Certificate[] chain = store.getCertificateChain(alias);
        return new SigningKey((PrivateKey) store.getKey(alias, password),
                Arrays.stream(chain).map(c -> (X509Certificate) c).toList());
    }
}
