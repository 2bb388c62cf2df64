package dev.finpipe.launcher.plan;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.finpipe.launcher.plan.YamlTree.Entry;
import dev.finpipe.launcher.plan.YamlTree.ListNode;
import dev.finpipe.launcher.plan.YamlTree.MapNode;
import dev.finpipe.launcher.plan.YamlTree.Node;
import dev.finpipe.launcher.plan.YamlTree.Scalar;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a plan file and validates all of it before anything runs: unknown or misplaced keys, wrong types, bad
 * durations, duplicate step names, unknown {@code dependsOn} targets and cycles. Every error names its line, and
 * all of them are reported together in one {@link PlanException}.
 *
 * <pre>{@code
 * workspace: syn-interbank-lake
 * defaults: {pollInterval: 30s, retries: 3, retryDelay: 10s}
 * steps:
 *   - pipeline: copy_core_account_to_bronze
 *     parameters: {loadDate: "2024-06-01"}
 *   - name: silver
 *     stage: silver
 *     dependsOn: [copy_core_account_to_bronze]
 * }</pre>
 */
public final class PlanLoader {
  private static final List<String> ROOT_KEYS =
      List.of("workspace", "studioWorkspaceId", "defaults", "localCommand", "steps");
  private static final List<String> DEFAULT_KEYS =
      List.of("pollInterval", "retries", "retryDelay", "timeout", "maxParallel", "continueOnFailure");
  private static final List<String> COMMON_STEP_KEYS =
      List.of("name", "dependsOn", "pollInterval", "retries", "retryDelay", "timeout", "continueOnFailure");
  private static final List<String> PIPELINE_KEYS = List.of("pipeline", "parameters");
  private static final List<String> LOCAL_KEYS = List.of("stage", "env", "runner", "domain", "args");
  /** The stages that run one domain; gold reads every domain's silver. */
  private static final List<String> DOMAIN_STAGES = List.of("bronze", "silver");
  /** A domain's name as the stages spell it; the stage itself refuses a name that is no domain, listing them. */
  private static final Pattern DOMAIN = Pattern.compile("[a-z][a-z0-9_]{0,63}");
  private static final List<String> STAGES = List.of("bronze", "silver", "gold");
  private static final List<String> ENVS = List.of("dev", "prod");
  private static final List<String> RUNNERS = List.of("spark", "direct");
  static final List<String> PLACEHOLDERS =
      List.of("projectDir", "stage", "env", "runner", "domain", "args", "step", "attempt");

  /** Synapse's own rule for pipeline names (createRun's path parameter); step names follow it too. */
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][^<>*#.%&:\\\\+?/]{0,259}");
  private static final Pattern WORKSPACE = Pattern.compile("[a-z0-9]([a-z0-9-]{0,48}[a-z0-9])?");
  private static final Pattern STUDIO_ID = Pattern.compile(
      "/subscriptions/[^/]+/resourceGroups/[^/]+/providers/Microsoft\\.Synapse/workspaces/([^/]+)",
      Pattern.CASE_INSENSITIVE);
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^{}]*)}");
  private static final int MAX_RETRIES = 100;
  private static final int MAX_PARALLEL = 64;

  private final Path file;
  private final List<PlanError> errors = new ArrayList<>();

  private PlanLoader(Path file) {
    this.file = file;
  }

  /** Loads {@code file}; {@code overrides} (from the command line) replace the plan's defaults. */
  public static Plan load(Path file, PolicyOverrides overrides) throws PlanException {
    return new PlanLoader(file).read(overrides);
  }

  private Plan read(PolicyOverrides overrides) throws PlanException {
    Node root = parse();
    if (!(root instanceof MapNode)) {
      error(root.line(), "a plan is a mapping with workspace, defaults and steps; found %s", root.describe());
      throw failure();
    }
    MapNode plan = (MapNode) root;
    checkKeys(plan, ROOT_KEYS, "the plan", Map.of());

    StepPolicy defaults = defaults(plan.entries().get("defaults"), overrides);
    int maxParallel = Optional.ofNullable(overrides.maxParallel())
        .or(() -> mapEntry(plan.entries().get("defaults"), "maxParallel").flatMap(e -> integer(e, 1, MAX_PARALLEL)))
        .orElse(1);
    List<String> localCommand = localCommand(plan.entries().get("localCommand"));
    List<Step> steps = steps(plan.entries().get("steps"), defaults);

    String workspace = optional(plan, "workspace").flatMap(this::text).orElse(null);
    if (workspace != null && !WORKSPACE.matcher(workspace).matches()) {
      error(plan.entries().get("workspace").keyLine(),
          "workspace '%s' is not a Synapse workspace name (lowercase letters, digits and '-')", workspace);
    }
    if (workspace == null && steps.stream().anyMatch(s -> s instanceof PipelineStep)) {
      error(plan.line(), "workspace is missing: the plan has Synapse pipeline steps");
    }
    Optional<String> studioId = optional(plan, "studioWorkspaceId").flatMap(this::text);
    studioId.ifPresent(id -> checkStudioId(plan.entries().get("studioWorkspaceId"), id, workspace));

    checkGraph(steps);
    if (localCommand.stream().noneMatch(part -> part.contains("{domain}"))) {
      // A domain the command never passes would run the default domain instead: say so rather than run it.
      steps.stream().filter(s -> s instanceof LocalStage l && !l.domain().isEmpty()).forEach(s -> error(
          ((LocalStage) s).line(), "step %s names domain %s, but localCommand has no {domain} to pass it",
          s.name(), ((LocalStage) s).domain()));
    }
    if (!errors.isEmpty()) {
      throw failure();
    }
    return new Plan(file, workspace, studioId, maxParallel, localCommand, steps);
  }

  private Node parse() throws PlanException {
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return YamlTree.read(reader, duplicate ->
          error(duplicate.keyLine(), "'%s' is given twice in the same mapping", duplicate.key()));
    } catch (NoSuchFileException e) {
      error(0, "no such plan file");
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String first = String.valueOf(e.getOriginalMessage()).lines().findFirst().orElse("");
      error(at == null ? 0 : at.getLineNr(), "not valid YAML: %s", first);
    } catch (IOException e) {
      error(0, "cannot read the plan: %s", e.getMessage());
    }
    throw failure();
  }

  private StepPolicy defaults(Entry entry, PolicyOverrides overrides) {
    Map<String, Entry> given = Map.of();
    if (entry != null) {
      if (entry.value() instanceof MapNode) {
        MapNode map = (MapNode) entry.value();
        checkKeys(map, DEFAULT_KEYS, "defaults", Map.of());
        given = map.entries();
      } else {
        error(entry.keyLine(), "defaults is a mapping (pollInterval, retries, ...); found %s",
            entry.value().describe());
      }
    }
    // The plan's values are read (and checked) even when the command line replaces them.
    StepPolicy planned = policy(given, StepPolicy.BUILT_IN);
    return new StepPolicy(
        Optional.ofNullable(overrides.pollInterval()).orElse(planned.pollInterval()),
        Optional.ofNullable(overrides.retries()).orElse(planned.retries()),
        Optional.ofNullable(overrides.retryDelay()).orElse(planned.retryDelay()),
        Optional.ofNullable(overrides.timeout()).orElse(planned.timeout()),
        planned.continueOnFailure());
  }

  /** The settings written in {@code given} (a step or the defaults), each falling back to {@code base}. */
  private StepPolicy policy(Map<String, Entry> given, StepPolicy base) {
    return new StepPolicy(
        Optional.ofNullable(given.get("pollInterval")).flatMap(this::positiveDuration).orElse(base.pollInterval()),
        Optional.ofNullable(given.get("retries")).flatMap(e -> integer(e, 0, MAX_RETRIES)).orElse(base.retries()),
        Optional.ofNullable(given.get("retryDelay")).flatMap(this::duration).orElse(base.retryDelay()),
        Optional.ofNullable(given.get("timeout")).flatMap(this::positiveDuration).orElse(base.timeout()),
        Optional.ofNullable(given.get("continueOnFailure")).flatMap(this::bool).orElse(base.continueOnFailure()));
  }

  private List<String> localCommand(Entry entry) {
    if (entry == null) {
      return Plan.DEFAULT_LOCAL_COMMAND;
    }
    List<String> command = strings(entry, false).orElse(List.of());
    if (command.isEmpty()) {
      error(entry.keyLine(), "localCommand is a non-empty list, e.g. [make, -C, \"{projectDir}\", \"{stage}\"]");
      return Plan.DEFAULT_LOCAL_COMMAND;
    }
    for (String part : command) {
      Matcher placeholder = PLACEHOLDER.matcher(part);
      while (placeholder.find()) {
        if (!PLACEHOLDERS.contains(placeholder.group(1))) {
          error(entry.keyLine(), "localCommand has an unknown placeholder {%s}; known: %s", placeholder.group(1),
              braced(PLACEHOLDERS));
        }
      }
    }
    return command;
  }

  private List<Step> steps(Entry entry, StepPolicy defaults) {
    if (entry == null) {
      error(1, "steps is missing: a plan needs at least one step");
      return List.of();
    }
    if (!(entry.value() instanceof ListNode) || ((ListNode) entry.value()).items().isEmpty()) {
      error(entry.keyLine(), "steps is a non-empty list of steps; found %s", entry.value().describe());
      return List.of();
    }
    List<Step> steps = new ArrayList<>();
    Map<String, Integer> lineOfName = new HashMap<>();
    for (Node item : ((ListNode) entry.value()).items()) {
      if (!(item instanceof MapNode)) {
        error(item.line(), "a step is a mapping (pipeline: ... or stage: ...); found %s", item.describe());
        continue;
      }
      step((MapNode) item, defaults).ifPresent(step -> {
        Integer earlier = lineOfName.putIfAbsent(step.name(), step.line());
        if (earlier != null) {
          error(step.line(), "step name '%s' is already used by the step on line %d", step.name(), earlier);
        } else {
          steps.add(step);
        }
      });
    }
    return steps;
  }

  private Optional<Step> step(MapNode map, StepPolicy defaults) {
    Map<String, Entry> given = map.entries();
    boolean local = given.containsKey("stage");
    if (local && (given.containsKey("pipeline") || given.containsKey("parameters"))) {
      error(map.line(), "a step is either a Synapse pipeline or a local stage: it cannot have both 'stage' and '%s'",
          given.containsKey("pipeline") ? "pipeline" : "parameters");
      return Optional.empty();
    }
    List<String> allowed = new ArrayList<>(COMMON_STEP_KEYS);
    allowed.addAll(local ? LOCAL_KEYS : PIPELINE_KEYS);
    Map<String, String> misplaced = new HashMap<>();
    (local ? PIPELINE_KEYS : LOCAL_KEYS).forEach(k -> misplaced.put(k,
        local ? "'" + k + "' is for pipeline steps, not local stages"
            : "'" + k + "' is for local stages (steps with 'stage:'), not pipeline steps"));
    checkKeys(map, allowed, "a step", misplaced);

    Optional<String> target = optional(map, local ? "stage" : "pipeline").flatMap(this::text);
    Optional<String> name = optional(map, "name").flatMap(this::text).or(() -> target);
    if (name.isEmpty()) {
      error(map.line(), "a step needs a name, a 'pipeline:' or a 'stage:'");
      return Optional.empty();
    }
    if (!NAME.matcher(name.get()).matches()) {
      error(map.line(), "step name '%s' has characters Synapse does not allow (<>*#.%%&:\\+?/) or is too long",
          name.get());
    }
    List<String> dependsOn = optional(map, "dependsOn").flatMap(e -> strings(e, true)).orElse(List.of());
    StepPolicy policy = policy(given, defaults);
    if (local) {
      return Optional.of(localStage(map, name.get(), target.orElse(""), dependsOn, policy));
    }
    String pipeline = target.orElse(name.get());
    if (!NAME.matcher(pipeline).matches()) {
      error(map.line(), "pipeline name '%s' has characters Synapse does not allow (<>*#.%%&:\\+?/)", pipeline);
    }
    ObjectNode parameters = JsonNodeFactory.instance.objectNode();
    Entry params = given.get("parameters");
    if (params != null) {
      if (params.value() instanceof MapNode) {
        parameters = (ObjectNode) params.value().toJson();
      } else {
        error(params.keyLine(), "parameters is a mapping of name: value; found %s", params.value().describe());
      }
    }
    return Optional.of(new PipelineStep(name.get(), pipeline, parameters, dependsOn, policy, map.line()));
  }

  private LocalStage localStage(MapNode map, String name, String stage, List<String> dependsOn, StepPolicy policy) {
    oneOf(map.entries().get("stage"), stage, STAGES, "stage");
    String env = optional(map, "env").flatMap(this::text).orElse("dev");
    oneOf(map.entries().get("env"), env, ENVS, "env");
    String runner = optional(map, "runner").flatMap(this::text).orElse("spark");
    oneOf(map.entries().get("runner"), runner, RUNNERS, "runner");
    Entry domainEntry = map.entries().get("domain");
    String domain = optional(map, "domain").flatMap(this::text).orElse("");
    if (domainEntry != null && !DOMAIN.matcher(domain).matches()) {
      error(domainEntry.keyLine(), "domain '%s' is not a domain name such as customers or app_logs", domain);
    } else if (domainEntry != null && !DOMAIN_STAGES.contains(stage)) {
      error(domainEntry.keyLine(), "domain is for bronze and silver steps; %s reads every domain's silver", stage);
    }
    List<String> args = optional(map, "args").flatMap(e -> strings(e, false)).orElse(List.of());
    return new LocalStage(name, stage, env, runner, domain, args, dependsOn, policy, map.line());
  }

  private void oneOf(Entry entry, String value, List<String> allowed, String what) {
    if (entry != null && !allowed.contains(value)) {
      error(entry.keyLine(), "%s '%s' is not one of %s", what, value, allowed);
    }
  }

  private void checkStudioId(Entry entry, String id, String workspace) {
    Matcher m = STUDIO_ID.matcher(id);
    if (!m.matches()) {
      error(entry.keyLine(), "studioWorkspaceId is the workspace's resource id: "
          + "/subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.Synapse/workspaces/<name>");
    } else if (workspace != null && !m.group(1).equalsIgnoreCase(workspace)) {
      error(entry.keyLine(), "studioWorkspaceId names workspace '%s' but the plan's workspace is '%s'",
          m.group(1), workspace);
    }
  }

  /** Unknown dependencies, self-dependencies and cycles. */
  private void checkGraph(List<Step> steps) {
    Set<String> names = new LinkedHashSet<>();
    steps.forEach(s -> names.add(s.name()));
    Map<String, List<String>> edges = new LinkedHashMap<>();
    for (Step step : steps) {
      List<String> known = new ArrayList<>();
      for (String dependency : step.dependsOn()) {
        if (dependency.equals(step.name())) {
          error(step.line(), "step '%s' depends on itself", step.name());
        } else if (!names.contains(dependency)) {
          error(step.line(), "step '%s' depends on '%s', which is not a step of this plan (steps: %s)",
              step.name(), dependency, String.join(", ", names));
        } else {
          known.add(dependency);
        }
      }
      edges.put(step.name(), known);
    }
    Map<String, Integer> lines = new HashMap<>();
    steps.forEach(s -> lines.put(s.name(), s.line()));
    Set<String> done = new HashSet<>();
    for (Step step : steps) {
      findCycle(step.name(), edges, done, new ArrayDeque<>(), new HashSet<>()).ifPresent(cycle ->
          error(lines.get(cycle.get(0)), "steps depend on each other in a cycle: %s", String.join(" -> ", cycle)));
    }
  }

  private static Optional<List<String>> findCycle(String name, Map<String, List<String>> edges, Set<String> done,
      Deque<String> path, Set<String> onPath) {
    if (done.contains(name)) {
      return Optional.empty();
    }
    if (onPath.contains(name)) {
      List<String> cycle = new ArrayList<>();
      List<String> walked = new ArrayList<>(path);
      Collections.reverse(walked);
      cycle.addAll(walked.subList(walked.indexOf(name), walked.size()));
      cycle.add(name);
      return Optional.of(cycle);
    }
    path.push(name);
    onPath.add(name);
    for (String next : edges.getOrDefault(name, List.of())) {
      Optional<List<String>> cycle = findCycle(next, edges, done, path, onPath);
      if (cycle.isPresent()) {
        // Mark the whole cycle done so it is reported once, not once per member.
        done.addAll(onPath);
        return cycle;
      }
    }
    path.pop();
    onPath.remove(name);
    done.add(name);
    return Optional.empty();
  }

  private void checkKeys(MapNode map, List<String> allowed, String where, Map<String, String> misplaced) {
    for (Entry entry : map.entries().values()) {
      if (misplaced.containsKey(entry.key())) {
        error(entry.keyLine(), "%s", misplaced.get(entry.key()));
      } else if (!allowed.contains(entry.key())) {
        error(entry.keyLine(), "unknown key '%s' in %s; known keys: %s", entry.key(), where,
            String.join(", ", allowed));
      }
    }
  }

  private static Optional<Entry> optional(MapNode map, String key) {
    return Optional.ofNullable(map.entries().get(key));
  }

  private static Optional<Entry> mapEntry(Entry entry, String key) {
    return entry != null && entry.value() instanceof MapNode
        ? Optional.ofNullable(((MapNode) entry.value()).entries().get(key))
        : Optional.empty();
  }

  private Optional<String> text(Entry entry) {
    if (entry.value() instanceof Scalar && !((Scalar) entry.value()).value().isNull()) {
      return Optional.of(((Scalar) entry.value()).text());
    }
    error(entry.keyLine(), "%s is a single value; found %s", entry.key(), entry.value().describe());
    return Optional.empty();
  }

  private Optional<Duration> duration(Entry entry) {
    if (entry.value() instanceof Scalar && ((Scalar) entry.value()).value().isNumber()) {
      String number = ((Scalar) entry.value()).text();
      error(entry.keyLine(), "%s: %s has no unit; write e.g. %ss or %sm", entry.key(), number, number, number);
      return Optional.empty();
    }
    return text(entry).flatMap(text -> {
      try {
        return Optional.of(Durations.parse(text));
      } catch (IllegalArgumentException e) {
        error(entry.keyLine(), "%s: %s", entry.key(), e.getMessage());
        return Optional.empty();
      }
    });
  }

  private Optional<Duration> positiveDuration(Entry entry) {
    return duration(entry).filter(d -> {
      if (d.isZero()) {
        error(entry.keyLine(), "%s must be longer than zero", entry.key());
      }
      return !d.isZero();
    });
  }

  private Optional<Integer> integer(Entry entry, int min, int max) {
    Node value = entry.value();
    if (value instanceof Scalar && ((Scalar) value).value().canConvertToInt()
        && ((Scalar) value).value().isIntegralNumber()) {
      int n = ((Scalar) value).value().intValue();
      if (n >= min && n <= max) {
        return Optional.of(n);
      }
    }
    error(entry.keyLine(), "%s is a whole number from %d to %d; found %s", entry.key(), min, max,
        value instanceof Scalar ? "'" + ((Scalar) value).text() + "'" : value.describe());
    return Optional.empty();
  }

  private Optional<Boolean> bool(Entry entry) {
    if (entry.value() instanceof Scalar && ((Scalar) entry.value()).value().isBoolean()) {
      return Optional.of(((Scalar) entry.value()).value().booleanValue());
    }
    error(entry.keyLine(), "%s is true or false; found %s", entry.key(), entry.value().describe());
    return Optional.empty();
  }

  /** A list of single values; with {@code scalarAllowed} a lone value counts as a list of one. */
  private Optional<List<String>> strings(Entry entry, boolean scalarAllowed) {
    Node value = entry.value();
    if (scalarAllowed && value instanceof Scalar && !((Scalar) value).value().isNull()) {
      return Optional.of(List.of(((Scalar) value).text()));
    }
    if (!(value instanceof ListNode)) {
      error(entry.keyLine(), "%s is a list, e.g. %s: [a, b]; found %s", entry.key(), entry.key(), value.describe());
      return Optional.empty();
    }
    List<String> out = new ArrayList<>();
    for (Node item : ((ListNode) value).items()) {
      if (item instanceof Scalar && !((Scalar) item).value().isNull()) {
        out.add(((Scalar) item).text());
      } else {
        error(item.line(), "%s holds single values; found %s", entry.key(), item.describe());
      }
    }
    return Optional.of(out);
  }

  private void error(int line, String format, Object... args) {
    errors.add(new PlanError(file, line, String.format(format, args)));
  }

  private PlanException failure() {
    List<PlanError> sorted = new ArrayList<>(errors);
    sorted.sort(Comparator.comparingInt(PlanError::line));
    return new PlanException(sorted);
  }

  private static String braced(List<String> names) {
    return names.stream().map(n -> "{" + n + "}").reduce((a, b) -> a + " " + b).orElse("");
  }
}
