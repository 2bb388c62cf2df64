package dev.finpipe.pipelines.common;

import java.net.URI;
import java.nio.file.Paths;

/** Normalises the warehouse option: a plain path becomes absolute, a URI with a scheme is kept as given. */
public final class Warehouses {
  private Warehouses() {}

  public static String normalize(String warehouse) {
    if (warehouse == null || warehouse.isBlank()) {
      throw new IllegalArgumentException("--warehouse is empty: give a directory, e.g. --warehouse=data/dev");
    }
    String trimmed = warehouse.endsWith("/") ? warehouse.substring(0, warehouse.length() - 1) : warehouse;
    URI uri = URI.create(trimmed.replace(" ", "%20"));
    if (uri.getScheme() != null && uri.getScheme().length() > 1) {
      return trimmed;
    }
    return Paths.get(trimmed).toAbsolutePath().normalize().toString();
  }
}
