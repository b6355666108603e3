package vn.gov.lgsp.adapters.signature;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.Security;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Collections;
import java.util.TreeMap;
import java.util.List;
import java.util.Map;

/**
 * A private key with its certificate chain, signer first: from a PKCS#12 keystore by default, from a PKCS#11 token
 * in production.
 */
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

    /** One raw private-key operation: {@code data} signed with the key's algorithm (RSA- or ECDSA-SHA256). */
    public byte[] sign(byte[] data) throws GeneralSecurityException {
        Signature signature = Signature.getInstance(SignatureAlgorithms.forKey(privateKey));
        signature.initSign(privateKey);
        signature.update(data);
        return signature.sign();
    }

    /** The key under {@code alias} in a PKCS#12 keystore (the default key store). */
    public static SigningKey fromPkcs12(Path keystore, char[] password, String alias)
            throws IOException, GeneralSecurityException {
        return from(loadPkcs12(keystore, password), password, alias, keystore.getFileName().toString());
    }

    /** Every key of a PKCS#12 keystore, by alias (case-insensitive, as PKCS#12 aliases are), read in one pass. */
    public static Map<String, SigningKey> allFromPkcs12(Path keystore, char[] password)
            throws IOException, GeneralSecurityException {
        KeyStore store = loadPkcs12(keystore, password);
        Map<String, SigningKey> keys = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (String alias : Collections.list(store.aliases())) {
            if (store.isKeyEntry(alias)) {
                keys.put(alias, from(store, password, alias, keystore.getFileName().toString()));
            }
        }
        return keys;
    }

    private static KeyStore loadPkcs12(Path keystore, char[] password) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, password);
        }
        return store;
    }

    /**
     * The key under {@code alias} on a PKCS#11 token (an HSM or USB token) through the JDK's SunPKCS11 provider;
     * the key never leaves the token. The provider is registered once per library and slot, so JCA picks it for
     * operations with this key.
     *
     * @param library       the token's PKCS#11 module, e.g. {@code /usr/lib/softhsm/libsofthsm2.so}
     * @param slotListIndex which of the module's token slots
     */
    public static SigningKey fromPkcs11(Path library, int slotListIndex, char[] pin, String alias)
            throws IOException, GeneralSecurityException {
        if (!Files.isReadable(library)) {
            throw new IOException("PKCS#11 module " + library + " is not readable");
        }
        String name = "lgsp-" + Integer.toHexString(library.toAbsolutePath().toString().hashCode()) + "-" + slotListIndex;
        Provider provider;
        synchronized (SigningKey.class) {
            provider = Security.getProvider("SunPKCS11-" + name);
            if (provider == null) {
                provider = Security.getProvider("SunPKCS11").configure("--name=" + name + "\nlibrary=" + library.toAbsolutePath()
                        + "\nslotListIndex=" + slotListIndex + "\n");
                Security.addProvider(provider);
            }
        }
        KeyStore store = KeyStore.getInstance("PKCS11", provider);
        store.load(null, pin);
        return from(store, pin, alias, "PKCS#11 slot " + slotListIndex);
    }

    private static SigningKey from(KeyStore store, char[] password, String alias, String where)
            throws GeneralSecurityException {
        if (!store.isKeyEntry(alias)) {
            throw new GeneralSecurityException("no private key under alias '" + alias + "' in " + where);
        }
        Certificate[] chain = store.getCertificateChain(alias);
        if (chain == null || chain.length == 0) {
            throw new GeneralSecurityException("no certificate with the key '" + alias + "' in " + where);
        }
        return new SigningKey((PrivateKey) store.getKey(alias, password),
                Arrays.stream(chain).map(c -> (X509Certificate) c).toList());
    }

    /** Writes {@code keys} (alias → key) as a new PKCS#12 keystore, in one write that replaces the file whole. */
    public static void saveToPkcs12(Path keystore, char[] password, Map<String, SigningKey> keys)
            throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, password);
        for (Map.Entry<String, SigningKey> e : keys.entrySet()) {
            store.setKeyEntry(e.getKey(), e.getValue().privateKey(), password,
                    e.getValue().chain().toArray(new Certificate[0]));
        }
        Path temporary = keystore.resolveSibling(keystore.getFileName() + ".tmp");
        try (var out = Files.newOutputStream(temporary)) {
            store.store(out, password);
        }
        Files.move(temporary, keystore, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
