package dev.standby.backup;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import java.security.GeneralSecurityException;
import java.security.Provider;
import javax.crypto.Cipher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where backup ciphers come from. The JDK 17 AES-GCM cipher encrypts about 50 MB/s on CPUs without
 * AVX-512 (one core, measured on this project's build machine), slower than pg_dump produces; the
 * Amazon Corretto Crypto Provider (AWS-LC, native) does over 2 GB/s. Both produce standard AES-GCM,
 * so either reads what the other wrote. When the native library cannot load (another OS or CPU),
 * the JDK's cipher is used and the log says so once.
 */
final class AesGcm {
  private static final Logger log = LoggerFactory.getLogger(AesGcm.class);
  private static final String TRANSFORMATION = "AES/GCM/NoPadding";
  private static final Provider FAST = fastProvider();

  private AesGcm() {}

  static Cipher cipher() {
    try {
      return FAST != null
          ? Cipher.getInstance(TRANSFORMATION, FAST)
          : Cipher.getInstance(TRANSFORMATION);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("no " + TRANSFORMATION + " cipher: " + e, e);
    }
  }

  private static Provider fastProvider() {
    try {
      AmazonCorrettoCryptoProvider accp = AmazonCorrettoCryptoProvider.INSTANCE;
      if (accp.getLoadingError() == null) {
        return accp;
      }
      log.warn(
          "backup encryption uses the JDK's AES-GCM (slow on CPUs without AVX-512): the native provider did not"
              + " load: {}",
          accp.getLoadingError().toString());
    } catch (LinkageError e) {
      log.warn(
          "backup encryption uses the JDK's AES-GCM (slow on CPUs without AVX-512): {}",
          e.toString());
    }
    return null;
  }
}
