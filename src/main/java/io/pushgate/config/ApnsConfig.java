package io.pushgate.config;

/**
 * An {@code apns} target's token-based credentials ({@code targets.<name>.apns.*}).
 *
 * @param teamId the Apple developer team id, the tokens' issuer
 * @param keyId the id of the signing key, the tokens' {@code kid}
 * @param keyPath the signing key's {@code .p8} file (PKCS#8 PEM, P-256)
 * @param topic the app's bundle id, the default {@code apns-topic}
 */
public record ApnsConfig(String teamId, String keyId, String keyPath, String topic) {
}
