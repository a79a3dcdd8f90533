package io.pushgate.sender;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.interfaces.ECPrivateKey;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Web Push message encryption (RFC 8291, aes128gcm)")
class WebPushEncryptionTest {

  // RFC 8291, Appendix A: the application server's key pair, the subscription's key and auth secret, the salt.
  private static final String AS_PRIVATE = "yfWPiYE-n46HLnH0KqZOF1fJJU3MYrct3AELtAQ-oRw";
  private static final String AS_PUBLIC =
      "BP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A8";
  private static final String UA_PUBLIC =
      "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4";
  private static final String AUTH_SECRET = "BTBZMqHH6r4Tts7J_aSIgg";
  private static final String SALT = "DGv6ra1nlYgDCS1FRnbzlw";
  private static final String BODY = "DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27ml"
      + "mlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A_yl95bQpu6cVPT"
      + "pK4Mqgkf1CXztLVBSt2Ks3oZwbuwXPXLWyouBWLVWGNWQexSgSxsj_Qulcy4a-fN";

  @Test
  @DisplayName("RFC 8291's worked example gives its ciphertext byte for byte")
  void rfc8291AppendixA() throws Exception {
    ECPrivateKey asPrivate = P256.privateKey(P256.base64Url(AS_PRIVATE));
    KeyPair asKeys = new KeyPair(P256.publicKey(P256.base64Url(AS_PUBLIC)), asPrivate);
    byte[] body = WebPushEncryption.encrypt("When I grow up, I want to be a watermelon".getBytes(StandardCharsets.UTF_8),
        P256.base64Url(UA_PUBLIC), P256.base64Url(AUTH_SECRET), asKeys, P256.base64Url(SALT)).getBytes();
    assertThat(P256.base64Url(body)).isEqualTo(BODY);
  }

  @Test
  @DisplayName("on Linux x86-64 the curves are AWS-LC's (the JDK 17 ones are ten times slower); elsewhere the JDK's")
  void fastCurvesWhereTheyLoad() {
    boolean linuxX64 = System.getProperty("os.name").equals("Linux")
        && List.of("amd64", "x86_64").contains(System.getProperty("os.arch"));
    assertThat(EllipticCurves.provider().getName())
        .isEqualTo(linuxX64 ? "AmazonCorrettoCryptoProvider" : "SunEC");
  }

  @Test
  @DisplayName("every message gets its own key and salt; a payload over one record and a point off the curve are refused")
  void freshKeysAndBounds() throws Exception {
    WebPushEncryption encryption = new WebPushEncryption();
    byte[] ua = P256.base64Url(UA_PUBLIC);
    byte[] auth = P256.base64Url(AUTH_SECRET);
    byte[] one = encryption.encrypt("hi".getBytes(StandardCharsets.UTF_8), ua, auth).getBytes();
    byte[] two = encryption.encrypt("hi".getBytes(StandardCharsets.UTF_8), ua, auth).getBytes();
    assertThat(java.util.Arrays.copyOfRange(one, 0, 86)).isNotEqualTo(java.util.Arrays.copyOfRange(two, 0, 86));
    assertThat(one).hasSize(86 + 2 + 1 + 16);

    byte[] largest = new byte[WebPushEncryption.MAX_PLAINTEXT_BYTES];
    assertThat(WebPushEncryption.MAX_PLAINTEXT_BYTES).as("RFC 8291 section 4's 4096-byte body").isEqualTo(3993);
    assertThat(encryption.encrypt(largest, ua, auth).length()).isEqualTo(4096);
    assertThatThrownBy(() -> encryption.encrypt(new byte[WebPushEncryption.MAX_PLAINTEXT_BYTES + 1], ua, auth))
        .isInstanceOf(IllegalArgumentException.class);

    byte[] offCurve = ua.clone();
    offCurve[64] ^= 1;
    assertThatThrownBy(() -> encryption.encrypt(new byte[1], offCurve, auth))
        .isInstanceOf(GeneralSecurityException.class).hasMessageContaining("not on the P-256 curve");
  }
}
