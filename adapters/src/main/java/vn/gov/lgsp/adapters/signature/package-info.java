/**
 * Digital signatures (chữ ký số): signing keys, XML signatures over inter-agency packages, and verification
 * reports against configured trust anchors.
 *
 * <p>Specifications: W3C XML Signature 1.1 (enveloped, RSA-SHA256 / ECDSA-SHA256, signing certificate in
 * {@code KeyInfo}); RFC 5280 path validation. This package is the only one that handles keys; callers sign and
 * verify through {@link vn.gov.lgsp.adapters.signature.XmlSignatures}.
 */
package vn.gov.lgsp.adapters.signature;
