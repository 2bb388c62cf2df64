package dev.finpipe.ops;

import com.google.auto.value.AutoValue;
import java.io.Serializable;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A named detection rule: a minute <em>breaches</em> when {@link #signal()} is present and {@code >=}
 * {@link #threshold()}; {@link #forMinutes()} (N) consecutive breaching minutes open an incident and
 * {@link #clearMinutes()} (M) consecutive healthy minutes after its last breach resolve it. It applies to the services
 * of {@link #services()}, or to every service when that list is empty. The full semantics are in
 * {@link IncidentDetector}.
 */
@AutoValue
public abstract class IncidentRule implements Serializable {
  /** The severities, most severe first. */
  public static final List<String> SEVERITIES = List.of("critical", "major", "minor");

  /** A rule's name is part of each incident's id ({@code service|rule|started_at}). */
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");

  public abstract String name();

  public abstract String signal();

  public abstract double threshold();

  public abstract int forMinutes();

  public abstract int clearMinutes();

  public abstract String severity();

  /** The services the rule watches; empty: every service. */
  public abstract List<String> services();

  public boolean appliesTo(String service) {
    return services().isEmpty() || services().contains(service);
  }

  /**
   * A rule, checked: the name is 1 to 64 of a-z, 0-9 and '_' starting with a letter, the signal one of
   * {@link MinutePoint#SIGNALS}, the threshold finite, N and M at least 1, the severity one of {@link #SEVERITIES}.
   * The messages say what to fix; {@link IncidentRules} prefixes them with the file and the rule.
   */
  public static IncidentRule of(String name, String signal, double threshold, int forMinutes, int clearMinutes,
      String severity, List<String> services) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("name \"" + name + "\" must be 1 to 64 characters of a-z, 0-9 and '_',"
          + " starting with a letter");
    }
    if (!MinutePoint.SIGNALS.contains(signal)) {
      throw new IllegalArgumentException("unknown signal \"" + signal + "\"; signals are "
          + String.join(", ", MinutePoint.SIGNALS));
    }
    if (!Double.isFinite(threshold)) {
      throw new IllegalArgumentException("threshold must be a finite number, e.g. threshold: 0.05");
    }
    if (forMinutes < 1) {
      throw new IllegalArgumentException("forMinutes must be at least 1 (the consecutive breaching minutes that open"
          + " an incident), not " + forMinutes);
    }
    if (clearMinutes < 1) {
      throw new IllegalArgumentException("clearMinutes must be at least 1 (the consecutive healthy minutes that"
          + " resolve an incident), not " + clearMinutes);
    }
    if (!SEVERITIES.contains(severity)) {
      throw new IllegalArgumentException("severity \"" + severity + "\" must be one of " + String.join(", ", SEVERITIES));
    }
    for (String service : services) {
      if (service == null || service.isBlank()) {
        throw new IllegalArgumentException("services must list service names, and one is blank");
      }
    }
    return new AutoValue_IncidentRule(name, signal, threshold, forMinutes, clearMinutes, severity, List.copyOf(services));
  }

  /** The rule for every service. */
  public static IncidentRule of(String name, String signal, double threshold, int forMinutes, int clearMinutes,
      String severity) {
    return of(name, signal, threshold, forMinutes, clearMinutes, severity, List.of());
  }
}
