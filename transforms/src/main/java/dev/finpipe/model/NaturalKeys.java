package dev.finpipe.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Ids of records whose contract carries none, built from their content: the fields joined unambiguously (a field
 * holding the separator cannot make two records' keys equal), and a SHA-256 of that when the content is long.
 */
public final class NaturalKeys {
  /** The prefix of a content hash, so a hashed key never equals an id a producer gave (ids have no ':'). */
  public static final String SHA256_PREFIX = "sha256:";

  private NaturalKeys() {}

  /**
   * The values joined by {@code |}, each {@code \} and {@code |} inside a value escaped with {@code \}, and an absent
   * value written {@code \0} (which no escaped value can be): {@code host-1|api|cpu_pct|2026-11-20T10:00:00.000Z}.
   */
  public static String join(@Nullable Object... values) {
    StringBuilder key = new StringBuilder();
    for (int i = 0; i < values.length; i++) {
      if (i > 0) {
        key.append('|');
      }
      if (values[i] == null) {
        key.append("\\0");
      } else {
        key.append(values[i].toString().replace("\\", "\\\\").replace("|", "\\|"));
      }
    }
    return key.toString();
  }

  /** {@code sha256:} and the lower-case hex SHA-256 of {@link #join}'s key of the values (UTF-8). */
  public static String sha256(@Nullable Object... values) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(join(values).getBytes(StandardCharsets.UTF_8));
      StringBuilder hex = new StringBuilder(SHA256_PREFIX);
      for (byte b : digest) {
        hex.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
      }
      return hex.toString();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
