package dev.standby.model;

public enum DatabaseRole { PRIMARY, REPLICA, UNREACHABLE }
