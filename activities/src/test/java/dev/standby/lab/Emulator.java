package dev.standby.lab;

/** One cloud emulator of the lab, by the name {@code lab/lab up --only NAME} knows it. */
public enum Emulator {
  /** moto: S3, Route 53, RDS, Auto Scaling and CloudWatch on one endpoint. */
  MOTO("moto"),
  /** fake-gcs-server: GCS. */
  GCS("gcs"),
  /** Azurite: Azure Blob. */
  AZURITE("azurite");

  final String labName;

  Emulator(String labName) {
    this.labName = labName;
  }
}
