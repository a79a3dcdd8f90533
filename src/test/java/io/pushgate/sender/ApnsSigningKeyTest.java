package io.pushgate.sender;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pushgate.support.TestKeys;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 20, unit = TimeUnit.SECONDS)
@DisplayName("APNs signing key: the .p8 file's bytes and the ids checked at start-up")
class ApnsSigningKeyTest {

  private static final String PREFIX = "targets.ios.apns";

  @TempDir
  Path dir;

  /** The problems of the file at {@code keyPath}, read as the gateway reads it at start-up: its bytes. */
  private static List<String> problems(String keyPath) throws IOException {
    return ApnsSigningKey.problems(PREFIX, "TEAM123456", "KEY1234567", keyPath,
        Buffer.buffer(Files.readAllBytes(Path.of(keyPath))), "com.example.app");
  }

  @Test
  @DisplayName("a PKCS#8 P-256 key with well-formed ids has no problems and reads")
  void good_key() throws Exception {
    Path p8 = TestKeys.write(dir.resolve("AuthKey.p8"), TestKeys.ec("secp256r1").getPrivate());
    assertThat(problems(p8.toString())).isEmpty();
    ApnsSigningKey key = ApnsSigningKey.of("TEAM123456", "KEY1234567", Buffer.buffer(Files.readAllBytes(p8)));
    assertThat(key.keyId()).isEqualTo("KEY1234567");
    assertThat(key.teamId()).isEqualTo("TEAM123456");
    assertThat(key.toString()).doesNotContain("PRIVATE");
  }

  @Test
  @DisplayName("a .p8 with CRLF line ends, text around it and no final newline reads too")
  void tolerant_pem() throws Exception {
    String pem = TestKeys.pem(TestKeys.ec("secp256r1").getPrivate()).replace("\n", "\r\n").strip();
    Path p8 = Files.writeString(dir.resolve("AuthKey.p8"), "a key from Apple\r\n" + pem);
    assertThat(problems(p8.toString())).isEmpty();
  }

  @Test
  @DisplayName("an RSA key, a P-384 key, an SEC1 key, a certificate and a non-PEM file are each refused, by name, "
      + "without their content")
  void wrong_keys() throws Exception {
    KeyPair rsa = TestKeys.rsa();
    Path rsaFile = TestKeys.write(dir.resolve("rsa.p8"), rsa.getPrivate());
    assertThat(problems(rsaFile.toString())).singleElement().asString()
        .startsWith(PREFIX + ".keyPath: " + rsaFile + " is not a PKCS#8 EC private key in PEM");
    Path p384 = TestKeys.write(dir.resolve("p384.p8"), TestKeys.ec("secp384r1").getPrivate());
    assertThat(problems(p384.toString())).singleElement().asString().contains("another curve than P-256");
    Path sec1 = dir.resolve("sec1.pem");
    Files.writeString(sec1, "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIA==\n-----END EC PRIVATE KEY-----\n");
    assertThat(problems(sec1.toString())).singleElement().asString().contains("SEC1").contains("openssl pkcs8");
    Path publicKey = TestKeys.write(dir.resolve("public.pem"), TestKeys.ec("secp256r1").getPublic());
    assertThat(problems(publicKey.toString())).singleElement().asString().contains("a PEM 'PUBLIC KEY'");
    Path binary = Files.write(dir.resolve("key.der"), rsa.getPrivate().getEncoded());
    assertThat(problems(binary.toString())).singleElement().asString().contains("not a PEM file");
    String secret = TestKeys.pem(rsa.getPrivate()).lines().skip(1).findFirst().orElseThrow();
    assertThat(String.join("\n", problems(rsaFile.toString()))).doesNotContain(secret);
  }

  @Test
  @DisplayName("missing or malformed teamId, keyId, topic and keyPath are all named at once")
  void every_problem_at_once() {
    assertThat(ApnsSigningKey.problems(PREFIX, null, "key", "empty.p8", Buffer.buffer(), "not a topic"))
        .containsExactly(
            PREFIX + ".teamId: missing (10 upper-case letters or digits, from the Apple developer account)",
            PREFIX + ".keyId: 'key' is not 10 upper-case letters or digits",
            PREFIX + ".topic: 'not a topic' is not a bundle id (e.g. com.example.app)",
            PREFIX + ".keyPath: empty.p8 is not a PEM file (an APNs .p8 holds '-----BEGIN PRIVATE KEY-----')");
    assertThat(ApnsSigningKey.problems(PREFIX, "TEAM12345", "KEY1234567", "empty.p8", Buffer.buffer(), null))
        .contains(PREFIX + ".teamId: 'TEAM12345' is not 10 upper-case letters or digits",
            PREFIX + ".topic: missing (the app's bundle id, e.g. com.example.app)");
  }

  @Test
  @DisplayName("of() refuses a bad key or id with an exception that names no key material")
  void of_refuses() {
    Buffer rsa = Buffer.buffer(TestKeys.pem(TestKeys.rsa().getPrivate()));
    assertThatThrownBy(() -> ApnsSigningKey.of("TEAM123456", "KEY1234567", rsa))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("the key is not a PKCS#8 EC");
    assertThatThrownBy(() -> ApnsSigningKey.of("team", "KEY1234567", Buffer.buffer(TestKeys.pem(TestKeys.ec(
        "secp256r1").getPrivate())))).hasMessageContaining("teamId");
  }
}
