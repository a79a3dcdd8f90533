package io.pushgate.sender;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Message encryption for Web Push (RFC 8291) in the {@code aes128gcm} content coding (RFC 8188), one record: an ECDH
 * with a fresh P-256 key per message and the subscription's key, HKDF-SHA-256 with its auth secret, AES-128-GCM. The
 * body is {@code salt(16) || rs(4) || idlen(1) || keyid(65, the message's public key) || ciphertext}.
 */
final class WebPushEncryption {

  /** The record size announced: one record holds the whole message. */
  static final int RECORD_SIZE = 4096;
  /** The largest body every push service must take (RFC 8291 section 4): header and ciphertext. */
  static final int MAX_BODY_BYTES = 4096;
  /** The header: salt, record size, key id length, the message's public key. */
  static final int HEADER_BYTES = 16 + 4 + 1 + 65;
  /** The most plaintext whose body fits {@link #MAX_BODY_BYTES}: the delimiter and the GCM tag take 17 bytes. */
  static final int MAX_PLAINTEXT_BYTES = MAX_BODY_BYTES - HEADER_BYTES - 1 - 16;
  private static final int SALT_BYTES = 16;
  private static final byte[] KEY_INFO = "WebPush: info\0".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] CEK_INFO = "Content-Encoding: aes128gcm\0".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] NONCE_INFO = "Content-Encoding: nonce\0".getBytes(StandardCharsets.US_ASCII);
  /** The delimiter after the plaintext of the last (here: only) record. */
  private static final byte LAST_RECORD = 2;

  private final SecureRandom random = new SecureRandom();

  /**
   * Encrypts {@code plaintext} (at most {@link #MAX_PLAINTEXT_BYTES}) for the subscription whose key is
   * {@code uaPublic} and auth secret {@code authSecret}, with a fresh key pair and salt.
   */
  Buffer encrypt(byte[] plaintext, byte[] uaPublic, byte[] authSecret) throws GeneralSecurityException {
    byte[] salt = new byte[SALT_BYTES];
    random.nextBytes(salt);
    return encrypt(plaintext, uaPublic, authSecret, P256.generate(), salt);
  }

  /** The same, with the message's key pair and salt given: RFC 8291's worked example is a test of this. */
  static Buffer encrypt(byte[] plaintext, byte[] uaPublic, byte[] authSecret, KeyPair asKeys, byte[] salt)
      throws GeneralSecurityException {
    if (plaintext.length > MAX_PLAINTEXT_BYTES) {
      throw new IllegalArgumentException("a payload of " + plaintext.length + " bytes does not fit one record");
    }
    ECPublicKey uaKey = P256.publicKey(uaPublic);
    byte[] asPublic = P256.raw((ECPublicKey) asKeys.getPublic());
    KeyAgreement agreement = KeyAgreement.getInstance("ECDH", EllipticCurves.provider());
    agreement.init(asKeys.getPrivate());
    agreement.doPhase(uaKey, true);
    byte[] ecdhSecret = agreement.generateSecret();

    // RFC 8291 section 3.4: IKM from the auth secret, then the content key and nonce from the salt (RFC 8188).
    byte[] prkKey = hmac(authSecret, ecdhSecret);
    byte[] ikm = hmac(prkKey, concat(KEY_INFO, uaPublic, asPublic, new byte[] {1}));
    byte[] prk = hmac(salt, ikm);
    byte[] cek = Arrays.copyOf(hmac(prk, concat(CEK_INFO, new byte[] {1})), 16);
    byte[] nonce = Arrays.copyOf(hmac(prk, concat(NONCE_INFO, new byte[] {1})), 12);

    Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
    cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(cek, "AES"), new GCMParameterSpec(128, nonce));
    byte[] record = cipher.doFinal(concat(plaintext, new byte[] {LAST_RECORD}));

    return Buffer.buffer(salt.length + 5 + asPublic.length + record.length)
        .appendBytes(salt).appendInt(RECORD_SIZE).appendByte((byte) asPublic.length).appendBytes(asPublic)
        .appendBytes(record);
  }

  private static byte[] hmac(byte[] key, byte[] data) throws GeneralSecurityException {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
    return mac.doFinal(data);
  }

  private static byte[] concat(byte[]... parts) {
    int length = 0;
    for (byte[] part : parts) {
      length += part.length;
    }
    byte[] all = new byte[length];
    int at = 0;
    for (byte[] part : parts) {
      System.arraycopy(part, 0, all, at, part.length);
      at += part.length;
    }
    return all;
  }
}
