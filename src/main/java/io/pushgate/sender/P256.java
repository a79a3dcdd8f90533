package io.pushgate.sender;

import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECFieldFp;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.ECPublicKeySpec;
import java.util.Arrays;
import java.util.Base64;

/**
 * NIST P-256 keys in the raw forms Web Push uses (RFC 8291, RFC 8292): a public key as an uncompressed point (65
 * bytes, {@code 0x04 || x || y}), a private key as its 32-byte scalar, both base64url without padding. The JDK's own
 * EC classes do the work.
 */
final class P256 {

  static final int PUBLIC_KEY_BYTES = 65;
  static final int PRIVATE_KEY_BYTES = 32;
  private static final int COORDINATE_BYTES = 32;
  private static final ECParameterSpec PARAMS = params();

  private P256() {
  }

  /** Decodes base64url, padded or not; {@code IllegalArgumentException} when it is not. */
  static byte[] base64Url(String text) {
    return Base64.getUrlDecoder().decode(text.trim().replace("=", ""));
  }

  static String base64Url(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** The public key of an uncompressed point; {@code GeneralSecurityException} when it is not one on the curve. */
  static ECPublicKey publicKey(byte[] raw) throws GeneralSecurityException {
    if (raw.length != PUBLIC_KEY_BYTES || raw[0] != 4) {
      throw new GeneralSecurityException("not an uncompressed P-256 point (65 bytes starting with 0x04)");
    }
    BigInteger x = new BigInteger(1, Arrays.copyOfRange(raw, 1, 1 + COORDINATE_BYTES));
    BigInteger y = new BigInteger(1, Arrays.copyOfRange(raw, 1 + COORDINATE_BYTES, PUBLIC_KEY_BYTES));
    if (!onCurve(x, y)) {
      throw new GeneralSecurityException("the point is not on the P-256 curve");
    }
    return (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(new ECPoint(x, y), PARAMS));
  }

  static ECPrivateKey privateKey(byte[] raw) throws GeneralSecurityException {
    if (raw.length != PRIVATE_KEY_BYTES) {
      throw new GeneralSecurityException("not a P-256 private key (32 bytes)");
    }
    return (ECPrivateKey) KeyFactory.getInstance("EC")
        .generatePrivate(new ECPrivateKeySpec(new BigInteger(1, raw), PARAMS));
  }

  /** The uncompressed point of {@code key}. */
  static byte[] raw(ECPublicKey key) {
    byte[] raw = new byte[PUBLIC_KEY_BYTES];
    raw[0] = 4;
    copyCoordinate(key.getW().getAffineX(), raw, 1);
    copyCoordinate(key.getW().getAffineY(), raw, 1 + COORDINATE_BYTES);
    return raw;
  }

  /** A fresh key pair, from the fastest provider at hand ({@link EllipticCurves}). */
  static KeyPair generate() throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", EllipticCurves.provider());
    generator.initialize(PARAMS);
    return generator.generateKeyPair();
  }

  /** The private key as PKCS#8 PEM, the form {@code vertx-auth-jwt} reads. */
  static String pem(ECPrivateKey key) {
    return "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(key.getEncoded())
        + "\n-----END PRIVATE KEY-----\n";
  }

  /** Whether a key's parameters are P-256's. */
  static boolean isCurveOf(ECParameterSpec params) {
    return params.getCurve().equals(PARAMS.getCurve()) && params.getGenerator().equals(PARAMS.getGenerator())
        && params.getOrder().equals(PARAMS.getOrder());
  }

  /** y² = x³ + ax + b (mod p): the JDK does not check that a public point is on the curve, and ECDH needs it. */
  private static boolean onCurve(BigInteger x, BigInteger y) {
    BigInteger p = ((ECFieldFp) PARAMS.getCurve().getField()).getP();
    if (x.signum() < 0 || x.compareTo(p) >= 0 || y.signum() < 0 || y.compareTo(p) >= 0) {
      return false;
    }
    BigInteger left = y.modPow(BigInteger.TWO, p);
    BigInteger right = x.pow(3).add(PARAMS.getCurve().getA().multiply(x)).add(PARAMS.getCurve().getB()).mod(p);
    return left.equals(right);
  }

  private static void copyCoordinate(BigInteger value, byte[] to, int offset) {
    byte[] bytes = value.toByteArray();
    int length = Math.min(bytes.length, COORDINATE_BYTES);
    System.arraycopy(bytes, bytes.length - length, to, offset + COORDINATE_BYTES - length, length);
  }

  private static ECParameterSpec params() {
    try {
      AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
      parameters.init(new ECGenParameterSpec("secp256r1"));
      return parameters.getParameterSpec(ECParameterSpec.class);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JVM has no P-256", e);
    }
  }
}
