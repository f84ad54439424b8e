package dev.standby.workflows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import dev.standby.temporal.AesGcmPayloadCodec;
import dev.standby.temporal.PayloadKeyRing;
import dev.standby.temporal.StandbyDataConverters;
import dev.standby.workflows.registry.StandbyWorkflows;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.history.v1.History;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.common.converter.DataConverter;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A history whose payloads the codec encrypted replays through today's code when the worker has the
 * codec, and does not without it; the histories recorded before encryption replay unchanged with
 * the codec too (its decode passes clear payloads through), which {@link HistoryReplayTest} checks
 * without it.
 */
@Timeout(120)
class EncryptedHistoryReplayTest {
  private static final long REPLAY_DEADLOCK_TIMEOUT_MILLIS = 30_000;
  private static final byte[] KEY = new byte[32];
  private static final PayloadKeyRing KEYS = PayloadKeyRing.of("test-k1", Map.of("test-k1", KEY));

  @Test
  void anEncryptedFailoverReplaysWithTheCodecAndNotWithout() throws Exception {
    WorkflowExecutionHistory clear = recorded("failover-planned.json");
    WorkflowExecutionHistory encrypted = encrypt(clear, new AesGcmPayloadCodec(KEYS));

    List<Payload> before = new java.util.ArrayList<>();
    List<Payload> after = new java.util.ArrayList<>();
    encodePayloads(clear.getHistory(), List.of(), before::add);
    encodePayloads(encrypted.getHistory(), List.of(), after::add);
    assertThat(before).as("payloads of the recorded failover").hasSizeGreaterThan(5);
    assertThat(before).noneMatch(AesGcmPayloadCodec::isEncrypted);
    assertThat(after).hasSameSizeAs(before).allMatch(AesGcmPayloadCodec::isEncrypted);

    replay(encrypted, StandbyDataConverters.encrypted(KEYS));
    assertThatThrownBy(() -> replay(encrypted, StandbyDataConverters.of(List.of())))
        .hasStackTraceContaining("binary/encrypted");
  }

  /**
   * SecureTemporalIT's run: a planned failover through the TLS front with the codec, read back with
   * {@code temporal workflow show --output json}; its key is SecureTemporalIT's test-only key.
   */
  @Test
  void aFailoverRecordedWithTheCodecReplaysWithItsKey() throws Exception {
    Path file =
        Path.of(
            EncryptedHistoryReplayTest.class
                .getResource("/encrypted-histories/failover-planned-encrypted.json")
                .toURI());
    WorkflowExecutionHistory recorded = WorkflowExecutionHistory.fromJson(Files.readString(file));
    List<Payload> payloads = new java.util.ArrayList<>();
    encodePayloads(recorded.getHistory(), List.of(), payloads::add);
    assertThat(payloads).hasSizeGreaterThan(10).allMatch(AesGcmPayloadCodec::isEncrypted);

    PayloadKeyRing recordedKey =
        PayloadKeyRing.of(
            "k1",
            Map.of(
                "k1",
                "standby-test-key-0123456789abcde"
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
    replay(recorded, StandbyDataConverters.encrypted(recordedKey));
    assertThatThrownBy(() -> replay(recorded, StandbyDataConverters.encrypted(KEYS)))
        .hasStackTraceContaining("encrypted with key 'k1'");
  }

  @Test
  void aHistoryRecordedBeforeEncryptionReplaysWithTheCodec() throws Exception {
    replay(recorded("failover-planned.json"), StandbyDataConverters.encrypted(KEYS));
  }

  private static void replay(WorkflowExecutionHistory history, DataConverter converter)
      throws Exception {
    try (TestWorkflowEnvironment env =
        TestWorkflowEnvironment.newInstance(
            TestEnvironmentOptions.newBuilder()
                .setWorkflowClientOptions(
                    WorkflowClientOptions.newBuilder().setDataConverter(converter).build())
                .build())) {
      Worker worker =
          env.newWorker(
              "replay-encrypted",
              WorkerOptions.newBuilder()
                  .setDefaultDeadlockDetectionTimeout(REPLAY_DEADLOCK_TIMEOUT_MILLIS)
                  .build());
      worker.registerWorkflowImplementationTypes(
          StandbyActivityOptions.workflowImplementationOptions(),
          StandbyWorkflows.implementations());
      WorkflowReplayer.replayWorkflowExecution(history, worker);
    }
  }

  private static WorkflowExecutionHistory recorded(String name) throws Exception {
    Path file = Path.of(EncryptedHistoryReplayTest.class.getResource("/histories/" + name).toURI());
    return WorkflowExecutionHistory.fromJson(Files.readString(file));
  }

  /** The history a worker with the codec would have written: every payload in it encoded. */
  static WorkflowExecutionHistory encrypt(
      WorkflowExecutionHistory clear, AesGcmPayloadCodec codec) {
    History history = (History) encodePayloads(clear.getHistory(), List.of(codec), p -> {});
    return new WorkflowExecutionHistory(history, clear.getWorkflowExecution().getWorkflowId());
  }

  /** Every payload in the message but search attributes', seen and then encoded by the codecs. */
  private static Message encodePayloads(
      Message message, List<AesGcmPayloadCodec> codecs, java.util.function.Consumer<Payload> seen) {
    if (message instanceof io.temporal.api.common.v1.SearchAttributes) {
      // Indexed by the server, so never encoded: service, kind and site stay searchable.
      return message;
    }
    if (message instanceof Payload p) {
      seen.accept(p);
      return codecs.isEmpty() ? p : codecs.get(0).encode(List.of(p)).get(0);
    }
    Message.Builder b = message.toBuilder();
    for (Map.Entry<FieldDescriptor, Object> field : message.getAllFields().entrySet()) {
      FieldDescriptor f = field.getKey();
      if (f.getJavaType() != FieldDescriptor.JavaType.MESSAGE) {
        continue;
      }
      if (f.isRepeated()) {
        b.clearField(f);
        for (Object item : (List<?>) field.getValue()) {
          b.addRepeatedField(f, encodePayloads((Message) item, codecs, seen));
        }
      } else {
        b.setField(f, encodePayloads((Message) field.getValue(), codecs, seen));
      }
    }
    return b.build();
  }
}
