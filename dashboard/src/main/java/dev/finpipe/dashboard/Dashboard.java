package dev.finpipe.dashboard;

import dev.finpipe.options.Durations;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Starts the dashboard over a warehouse and serves it until Ctrl-C. Read-only: it commits nothing and writes no file.
 *
 * <pre>{@code
 * java -cp ... dev.finpipe.dashboard.Dashboard --warehouse=data/dev/demo/warehouse --port=8050
 * }</pre>
 */
@Command(name = "dashboard", mixinStandardHelpOptions = true,
    description = "A read-only web dashboard over a FinPipe warehouse (gold, data quality, pipeline health).")
public final class Dashboard implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--warehouse", defaultValue = "data/dev", description = "Warehouse directory (local). Default: ${DEFAULT-VALUE}")
  String warehouse;

  @Option(names = "--host", defaultValue = "127.0.0.1",
      description = "Address to listen on; loopback by default. Default: ${DEFAULT-VALUE}")
  String host;

  @Option(names = "--port", defaultValue = "8050", description = "Port (0: a free one). Default: ${DEFAULT-VALUE}")
  int port;

  @Option(names = "--behindAfter", defaultValue = "15m",
      description = "A stage with no commit for longer is shown as behind (30s, 15m, 2h). Default: ${DEFAULT-VALUE}")
  String behindAfter;

  @Option(names = "--poll", defaultValue = "2s",
      description = "How often open pages check the tables' versions. Default: ${DEFAULT-VALUE}")
  String poll;

  public static void main(String[] args) {
    System.exit(new CommandLine(new Dashboard()).execute(args));
  }

  @Override
  public Integer call() throws InterruptedException {
    if (port < 0 || port > 65535) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--port=" + port + " is not a port: use 0-65535");
    }
    DashboardServer.Settings settings =
        new DashboardServer.Settings(host, port, duration("behindAfter", behindAfter), duration("poll", poll));
    WarehouseView view;
    try {
      view = WarehouseView.at(warehouse);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    DashboardServer server = DashboardServer.start(view, settings, Clock.systemUTC());
    System.out.println("FinPipe dashboard on " + server.url() + " over " + warehouse + " (Ctrl-C to stop)");
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      stopped.countDown();
    }));
    stopped.await();
    return 0;
  }

  private Duration duration(String option, String text) {
    try {
      Duration d = Duration.ofMillis(Durations.parse(option, text).getMillis());
      if (d.isZero() || d.isNegative()) {
        throw new IllegalArgumentException("--" + option + "=" + text + " must be positive");
      }
      return d;
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
  }
}
