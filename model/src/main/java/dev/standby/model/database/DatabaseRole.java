package dev.standby.model.database;

public enum DatabaseRole {
  PRIMARY,
  REPLICA,
  UNREACHABLE
}
