package dev.finpipe.launcher.plan;

import java.util.List;

/**
 * A medallion stage ({@code bronze}, {@code silver} or {@code gold}) run on this machine as a subprocess, by default
 * {@code make <stage> ENV=<env> RUNNER=<runner> DOMAIN=<domain> ARGS="<args>"} in the project directory (see the
 * plan's {@code localCommand}). {@code domain} names the domain a bronze or silver stage runs; empty, the Makefile's
 * default (transactions).
 */
public record LocalStage(
    String name,
    String stage,
    String env,
    String runner,
    String domain,
    List<String> args,
    List<String> dependsOn,
    StepPolicy policy,
    int line)
    implements Step {

  public LocalStage {
    args = List.copyOf(args);
    dependsOn = List.copyOf(dependsOn);
  }

  @Override
  public String kind() {
    return "local";
  }

  @Override
  public String target() {
    return stage;
  }
}
