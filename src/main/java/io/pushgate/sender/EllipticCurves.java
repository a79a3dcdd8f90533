package io.pushgate.sender;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import java.security.Provider;
import java.security.Security;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The provider of the two elliptic-curve operations Web Push does per message (a P-256 key pair, an ECDH):
 * AWS-LC through the Amazon Corretto Crypto Provider where its native library loads (Linux on x86-64), about ten
 * times the speed of the JDK 17 provider's pure-Java curves; the JDK's own everywhere else. Only these operations
 * use it: it is never installed as a provider of the JVM, so TLS and every other use of the JCA are left as they are.
 */
final class EllipticCurves {

  private static final Logger LOG = LoggerFactory.getLogger(EllipticCurves.class);
  private static final Provider PROVIDER = choose();

  private EllipticCurves() {
  }

  /** The provider for P-256 key pairs and ECDH. */
  static Provider provider() {
    return PROVIDER;
  }

  private static Provider choose() {
    try {
      Provider fast = AmazonCorrettoCryptoProvider.INSTANCE;
      Throwable failed = AmazonCorrettoCryptoProvider.INSTANCE.getLoadingError();
      if (failed == null) {
        return fast;
      }
      LOG.info("Web Push encryption uses the JDK's elliptic curves: AWS-LC did not load ({})", failed.toString());
    } catch (LinkageError e) {
      LOG.info("Web Push encryption uses the JDK's elliptic curves: AWS-LC did not load ({})", e.toString());
    }
    return Security.getProvider("SunEC");
  }
}
