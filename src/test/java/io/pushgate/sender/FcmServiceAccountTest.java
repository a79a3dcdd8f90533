package io.pushgate.sender;

import static org.assertj.core.api.Assertions.assertThat;

import io.pushgate.support.TestServiceAccount;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("FCM service-account files: read at start-up, every problem named, the key never shown")
class FcmServiceAccountTest {

  private static final String KEY = "targets.android.fcm.serviceAccountPath";
  private static TestServiceAccount account;

  @TempDir
  Path dir;

  @BeforeAll
  static void generate() {
    account = TestServiceAccount.generate();
  }

  private static List<String> problems(Path file) throws Exception {
    return FcmServiceAccount.problems(KEY, file.toString(), Buffer.buffer(Files.readAllBytes(file)));
  }

  @Test
  @DisplayName("a Google key file is read whole")
  void reads_a_key_file() throws Exception {
    Path file = account.write(dir, "https://oauth2.googleapis.com/token");
    FcmServiceAccount read = FcmServiceAccount.read(KEY, file.toString(), Buffer.buffer(Files.readAllBytes(file)));
    assertThat(read.projectId()).isEqualTo(TestServiceAccount.PROJECT_ID);
    assertThat(read.clientEmail()).isEqualTo(TestServiceAccount.CLIENT_EMAIL);
    assertThat(read.tokenUri()).isEqualTo("https://oauth2.googleapis.com/token");
    assertThat(read.toString()).doesNotContain("PRIVATE KEY").doesNotContain(account.privateKeyPem().substring(40, 80));
    assertThat(problems(file)).isEmpty();
  }

  @Test
  @DisplayName("a file that is not JSON is named, without quoting it")
  void not_json() throws Exception {
    Path file = Files.writeString(dir.resolve("sa.json"), "-----BEGIN PRIVATE KEY-----\nMIIsecret\n");
    assertThat(problems(file))
        .containsExactly(KEY + ": " + file + ": not a JSON object (a Google service-account key file)");
  }

  @Test
  @DisplayName("every missing field is named at once")
  void missing_fields() throws Exception {
    Path file = TestServiceAccount.write(dir.resolve("sa.json"), new JsonObject().put("type", "service_account")
        .put("project_id", "").put("token_uri", "ftp://example.com/token"));
    String prefix = KEY + ": " + file + ": ";
    assertThat(problems(file)).containsExactly(
        prefix + "project_id must be a non-empty string",
        prefix + "client_email is missing",
        prefix + "client_id is missing",
        prefix + "token_uri is not an http(s) URL",
        prefix + "private_key is missing");
  }

  @Test
  @DisplayName("a private key that does not parse is named, and not shown")
  void bad_private_key() throws Exception {
    String garbage = "-----BEGIN PRIVATE KEY-----\nTUlJc2VjcmV0LW5vdC1hLWtleQ==\n-----END PRIVATE KEY-----\n";
    var ec = KeyPairGenerator.getInstance("EC");
    ec.initialize(256);
    String ecKey = "-----BEGIN PRIVATE KEY-----\n"
        + Base64.getMimeEncoder().encodeToString(ec.generateKeyPair().getPrivate().getEncoded())
        + "\n-----END PRIVATE KEY-----\n";
    String pkcs1 = account.privateKeyPem().replace("BEGIN PRIVATE", "BEGIN RSA PRIVATE")
        .replace("END PRIVATE", "END RSA PRIVATE");
    for (String pem : List.of(garbage, ecKey, pkcs1, "not a key")) {
      Path file = TestServiceAccount.write(dir.resolve("sa.json"),
          account.json("https://oauth2.googleapis.com/token").put("private_key", pem));
      List<String> problems = problems(file);
      assertThat(problems).containsExactly(KEY + ": " + file
          + ": private_key is not a PKCS#8 RSA private key in PEM (\"-----BEGIN PRIVATE KEY-----\")");
      assertThat(String.join("\n", problems)).doesNotContain("TUlJc2Vj");
    }
  }
}
