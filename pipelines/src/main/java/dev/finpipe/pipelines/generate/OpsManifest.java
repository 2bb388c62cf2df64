package dev.finpipe.pipelines.generate;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The {@code expected-incidents.json} written beside an ops domain's files: the span, the files, the default rules
 * of the domain's signals, the scripted episodes, and the incidents the contract's semantics give over the valid,
 * deduplicated lines of all the files ({@code incidents}) and of the first k files ({@code after_files}), so a test
 * of incremental detection knows each state.
 */
final class OpsManifest {
  private OpsManifest() {}

  static Map<String, Object> of(OpsGenerator generator, GeneratedDomain domain, List<String> fileNames) {
    OpsSettings settings = generator.settings();
    Map<String, Object> manifest = new LinkedHashMap<>();
    manifest.put("domain", domain.id());
    manifest.put("seed", settings.seed());
    manifest.put("start", settings.start().toString());
    manifest.put("end", settings.end().toString());
    manifest.put("minutes", settings.minutes());
    List<Map<String, Object>> services = new ArrayList<>();
    for (int s = 0; s < generator.services().size(); s++) {
      Map<String, Object> service = new LinkedHashMap<>();
      service.put("service", generator.services().get(s));
      service.put("hosts", generator.hosts().get(s));
      services.add(service);
    }
    manifest.put("services", services);
    List<Map<String, Object>> files = new ArrayList<>();
    for (int f = 0; f < fileNames.size(); f++) {
      Map<String, Object> file = new LinkedHashMap<>();
      file.put("file", fileNames.get(f));
      file.put("from", minute(settings, settings.firstMinuteOf(f)));
      file.put("to", minute(settings, f + 1 < settings.batches() ? settings.firstMinuteOf(f + 1) : settings.minutes()));
      files.add(file);
    }
    manifest.put("files", files);
    manifest.put("rules", OpsGenerator.rulesOf(domain).stream().map(OpsManifest::rule).toList());
    List<Map<String, Object>> episodes = new ArrayList<>();
    for (OpsEpisode e : generator.episodes()) {
      Map<String, Object> episode = new LinkedHashMap<>();
      episode.put("id", e.id());
      episode.put("kind", e.kind().name());
      episode.put("rule", e.kind().rule);
      episode.put("domain", e.rule().domain().id());
      episode.put("service", e.service());
      episode.put("host", e.host());
      episode.put("first_breach_at", minute(settings, e.firstMinute()));
      episode.put("last_breach_at", minute(settings, e.lastMinute()));
      episode.put("healthy_gap", e.gapFirst() < 0 ? null
          : List.of(minute(settings, e.gapFirst()), minute(settings, e.gapLast())));
      episode.put("late_from", e.lateFrom() < 0 ? null : minute(settings, e.lateFrom()));
      episode.put("note", e.note());
      episodes.add(episode);
    }
    manifest.put("episodes", episodes);
    manifest.put("incidents", incidents(generator, domain, settings.batches() - 1));
    List<Map<String, Object>> afterFiles = new ArrayList<>();
    for (int f = 0; f < settings.batches(); f++) {
      Map<String, Object> state = new LinkedHashMap<>();
      state.put("files", fileNames.subList(0, f + 1));
      state.put("incidents", incidents(generator, domain, f));
      afterFiles.add(state);
    }
    manifest.put("after_files", afterFiles);
    return manifest;
  }

  private static List<Map<String, Object>> incidents(OpsGenerator generator, GeneratedDomain domain, int throughFile) {
    List<Map<String, Object>> incidents = new ArrayList<>();
    for (ExpectedIncidents.Incident i : generator.expectedIncidents(domain, throughFile)) {
      Map<String, Object> incident = new LinkedHashMap<>();
      incident.put("incident_id", i.service() + "|" + i.rule().name() + "|" + i.startedAt());
      incident.put("service", i.service());
      incident.put("rule", i.rule().name());
      incident.put("severity", i.rule().severity());
      incident.put("signal", i.rule().signal());
      incident.put("threshold", i.rule().threshold());
      incident.put("started_at", i.startedAt().toString());
      incident.put("detected_at", i.detectedAt().toString());
      incident.put("resolved_at", text(i.resolvedAt()));
      incident.put("last_breach_at", i.lastBreachAt().toString());
      incident.put("breach_minutes", i.breachMinutes());
      incident.put("status", i.status());
      incident.put("episode", episodeOf(generator, i));
      incidents.add(incident);
    }
    return incidents;
  }

  /** The episode whose breaching minutes the incident starts in (null would mean a baseline breach: never). */
  private static @Nullable String episodeOf(OpsGenerator generator, ExpectedIncidents.Incident incident) {
    int started = (int) Duration.between(generator.settings().start(), incident.startedAt()).toMinutes();
    return generator.episodes().stream()
        .filter(e -> e.service().equals(incident.service()) && e.kind().rule.equals(incident.rule().name())
            && e.breaches(started))
        .map(OpsEpisode::id).findFirst().orElse(null);
  }

  private static Map<String, Object> rule(IncidentRule rule) {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("name", rule.name());
    map.put("signal", rule.signal());
    map.put("threshold", rule.threshold());
    map.put("for_minutes", rule.forMinutes());
    map.put("clear_minutes", rule.clearMinutes());
    map.put("severity", rule.severity());
    return map;
  }

  private static String minute(OpsSettings settings, int offset) {
    return settings.start().plusSeconds(60L * offset).toString();
  }

  private static @Nullable String text(@Nullable Instant instant) {
    return instant == null ? null : instant.toString();
  }
}
