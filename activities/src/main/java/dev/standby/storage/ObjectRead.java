package dev.standby.storage;

import java.io.InputStream;

/**
 * An object's description and its bytes, from one request where the provider answers both at once.
 */
public record ObjectRead(ObjectInfo info, InputStream body) {}
