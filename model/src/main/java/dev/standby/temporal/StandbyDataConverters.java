package dev.standby.temporal;

import io.temporal.common.converter.CodecDataConverter;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.payload.codec.PayloadCodec;
import java.util.List;
import java.util.function.Function;

/** The data converter of every Standby client: the default one, encrypted when configured. */
public final class StandbyDataConverters {
  private StandbyDataConverters() {}

  /** The codecs the configuration asks for: none, or the AES-GCM one with its keys read. */
  public static List<PayloadCodec> codecs(
      TemporalAccess access, Function<String, String> environment) {
    if (access.encryption() == null) {
      return List.of();
    }
    return List.of(new AesGcmPayloadCodec(PayloadKeyRing.read(access.encryption(), environment)));
  }

  public static DataConverter forAccess(
      TemporalAccess access, Function<String, String> environment) {
    return of(codecs(access, environment));
  }

  public static DataConverter of(List<PayloadCodec> codecs) {
    return codecs.isEmpty()
        ? DefaultDataConverter.STANDARD_INSTANCE
        // true: a failure's message and stack trace go into its encoded attributes too, since
        // they name hosts, databases and operators' comments.
        : new CodecDataConverter(DefaultDataConverter.newDefaultInstance(), codecs, true);
  }

  public static DataConverter encrypted(PayloadKeyRing keys) {
    return of(List.of(new AesGcmPayloadCodec(keys)));
  }
}
