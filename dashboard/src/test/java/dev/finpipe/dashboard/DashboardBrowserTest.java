package dev.finpipe.dashboard;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import dev.finpipe.delta.DeltaTable;
import dev.finpipe.domain.Domains;
import dev.finpipe.io.TableSpec;
import dev.finpipe.io.Tables;
import java.io.File;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.FluentWait;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Each page in a real headless Chromium (Debian's chromium and chromium-driver; Selenium is pointed at
 * /usr/bin/chromedriver and never downloads one) over the warehouse the real stages built: the numbers shown equal
 * the tables recounted, the charts drew their points, payloads are shown as text, and a new commit shows up without
 * a reload. Screenshots go to target/screenshots/ (the README's are copies).
 */
public class DashboardBrowserTest {
  private static final String CHROMIUM = "/usr/bin/chromium";
  private static final String CHROMEDRIVER = System.getProperty("webdriver.chrome.driver", "/usr/bin/chromedriver");
  private static final Duration WAIT = Duration.ofSeconds(90);

  private static DemoWarehouse demo;
  private static DashboardServer server;
  private static ChromeDriver driver;
  private static Path profile;

  @BeforeClass
  public static void start() throws IOException {
    if (!new File(CHROMIUM).canExecute() || !new File(CHROMEDRIVER).canExecute()) {
      throw new AssertionError("The browser tests need Debian's chromium and chromium-driver at " + CHROMIUM + " and "
          + CHROMEDRIVER + ": apt-get install -y chromium chromium-driver (.ci/run installs them when missing)");
    }
    demo = DemoWarehouse.get();
    server =
        DashboardServer.start(
            WarehouseView.at(demo.warehouse),
            new DashboardServer.Settings("127.0.0.1", 0, DashboardApiTest.BEHIND_AFTER, Duration.ofMillis(500)),
            Clock.systemUTC());
    profile = Files.createTempDirectory("finpipe-chromium-");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM);
    options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
        "--user-data-dir=" + profile, "--window-size=1400,1200", "--lang=en-US");
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER))
        .usingAnyFreePort().build();
    driver = new ChromeDriver(service, options);
  }

  @AfterClass
  public static void stop() {
    if (driver != null) {
      driver.quit();
    }
    if (server != null) {
      server.close();
    }
    if (profile != null) {
      DemoWarehouse.deleteRecursively(profile.toFile());
    }
  }

  private static void open(String page, String readySelector) {
    driver.manage().window().setSize(new Dimension(1400, 1200));
    driver.get(server.url() + page);
    waitFor(readySelector);
  }

  /** Waits that retry while a redraw replaces the elements being looked at. */
  private static FluentWait<WebDriver> waiting() {
    return new WebDriverWait(driver, WAIT).ignoring(StaleElementReferenceException.class);
  }

  private static WebElement waitFor(String css) {
    return waiting().until(d -> {
      List<WebElement> found = d.findElements(By.cssSelector(css));
      return found.isEmpty() ? null : found.get(0);
    });
  }

  private static String text(String css) {
    return driver.findElement(By.cssSelector(css)).getText().trim();
  }

  /** Points an ECharts SVG drew: its paths (bars, line symbols, scatter points), legend and axes included. */
  private static int svgPaths(String chartId) {
    return driver.findElements(By.cssSelector("#" + chartId + " svg path")).size();
  }

  private static long number(String shown) {
    return Long.parseLong(shown.replace(",", ""));
  }

  /** The whole page in one picture: the window is made as tall as the page first. */
  private static void screenshot(String name) throws IOException {
    long height = (Long) ((JavascriptExecutor) driver).executeScript("return document.documentElement.scrollHeight");
    driver.manage().window().setSize(new Dimension(1400, (int) Math.min(4000, height + 20)));
    ((JavascriptExecutor) driver).executeScript("window.dispatchEvent(new Event('resize'))");
    File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
    Path dir = Path.of(System.getProperty("finpipe.screenshots", "target/screenshots"));
    Files.createDirectories(dir);
    Files.copy(shot.toPath(), dir.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
  }

  @Test
  public void businessPageShowsGoldAsSilverRecountsIt() throws IOException {
    open("business", "#top-users tbody tr");
    long silverRows = demo.rows(Tables.SILVER).size();
    assertEquals(silverRows, number(text("#kpi-transactions")));

    String date = new Select(driver.findElement(By.id("top-date"))).getFirstSelectedOption().getText();
    String currency = new Select(driver.findElement(By.id("top-currency"))).getFirstSelectedOption().getText();
    Map<String, BigDecimal> totals = demo.silverTotalsPerDateCurrencyUser();
    String prefix = date + " " + currency + " ";
    BigDecimal best = totals.entrySet().stream().filter(e -> e.getKey().startsWith(prefix)).map(Map.Entry::getValue)
        .max(BigDecimal::compareTo).orElseThrow();
    WebElement first = driver.findElement(By.cssSelector("#top-users tbody tr"));
    String user = first.findElement(By.cssSelector("td[data-key=user_id]")).getText();
    BigDecimal shown = new BigDecimal(first.findElement(By.cssSelector("td[data-key=total_amount]")).getText().replace(",", ""));
    assertEquals(0, best.compareTo(shown));
    assertEquals(best, totals.get(prefix + user));

    long bars = demo.silverCountsPerDateAndCurrency().size();
    assertThat(svgPaths("chart-count"), greaterThanOrEqualTo((int) bars));
    assertThat(svgPaths("chart-volume"), greaterThan(0));

    // Segment volume: the table shows gold/daily_segment_volume's sums of the chosen currency, both charts drew.
    String segmentCurrency = new Select(driver.findElement(By.id("segment-currency"))).getFirstSelectedOption().getText();
    Map<String, List<BigDecimal>> segments = demo.segmentTotals();
    int segmentRows = 0;
    for (WebElement row : driver.findElements(By.cssSelector("#segment-table tbody tr"))) {
      String key = row.findElement(By.cssSelector("td[data-key=segment]")).getText() + " "
          + row.findElement(By.cssSelector("td[data-key=account_type]")).getText() + " " + segmentCurrency;
      assertEquals(key, segmentCurrency, row.findElement(By.cssSelector("td[data-key=currency]")).getText());
      assertEquals(key, segments.get(key).get(0).longValue(),
          number(row.findElement(By.cssSelector("td[data-key=tx_count]")).getText()));
      assertEquals(key, 0, segments.get(key).get(1).compareTo(
          new BigDecimal(row.findElement(By.cssSelector("td[data-key=total_amount]")).getText().replace(",", ""))));
      segmentRows++;
    }
    assertEquals(segments.keySet().stream().filter(k -> k.endsWith(" " + segmentCurrency)).count(), segmentRows);
    assertThat(svgPaths("chart-segment-days"), greaterThan(0));
    assertThat(svgPaths("chart-segment-volume"), greaterThan(0));
    screenshot("business");

    // Another currency in the picker: the table follows, without a reload. The latest date can hold a single
    // currency (just after midnight UTC the demo's newest day has few events), so a date with two is picked first.
    Map<String, Long> currenciesOfDate = totals.keySet().stream().map(k -> k.split(" ")).map(k -> k[0] + " " + k[1])
        .distinct().collect(Collectors.groupingBy(k -> k.split(" ")[0], Collectors.counting()));
    if (currenciesOfDate.getOrDefault(date, 0L) < 2) {
      String twoCurrencies = currenciesOfDate.entrySet().stream().filter(e -> e.getValue() >= 2).map(Map.Entry::getKey)
          .max(String::compareTo).orElseThrow();
      new Select(driver.findElement(By.id("top-date"))).selectByVisibleText(twoCurrencies);
      waiting().until(d -> new Select(d.findElement(By.id("top-date"))).getFirstSelectedOption().getText().equals(twoCurrencies)
          && new Select(d.findElement(By.id("top-currency"))).getOptions().size() >= 2);
      date = twoCurrencies;
      currency = new Select(driver.findElement(By.id("top-currency"))).getFirstSelectedOption().getText();
    }
    String shownCurrency = currency;
    Select currencies = new Select(driver.findElement(By.id("top-currency")));
    String other = currencies.getOptions().stream().map(WebElement::getText).filter(c -> !c.equals(shownCurrency))
        .findFirst().orElseThrow();
    currencies.selectByVisibleText(other);
    waiting().until(d -> d.findElement(By.cssSelector("#top-users thead")).getText().contains(other));
    String top = driver.findElement(By.cssSelector("#top-users tbody tr td[data-key=user_id]")).getText();
    String otherPrefix = date + " " + other + " ";
    BigDecimal otherBest = totals.entrySet().stream().filter(e -> e.getKey().startsWith(otherPrefix))
        .map(Map.Entry::getValue).max(BigDecimal::compareTo).orElseThrow();
    assertEquals(otherBest, totals.get(otherPrefix + top));
  }

  @Test
  public void qualityPageShowsQuarantineAsTheTableHasIt() throws IOException {
    open("quality", "#reasons-table tbody tr");
    Map<String, Long> shown = new TreeMap<>();
    for (WebElement row : driver.findElements(By.cssSelector("#reasons-table tbody tr"))) {
      List<WebElement> cells = row.findElements(By.tagName("td"));
      shown.put(cells.get(0).getText() + " " + cells.get(1).getText(), number(cells.get(2).getText()));
    }
    assertEquals(demo.quarantinePerStageAndReason(), shown);
    assertEquals(demo.quarantined(true), number(text("#kpi-late")));
    assertEquals(demo.quarantined(false), number(text("#kpi-quarantined")));
    long duplicates = demo.duplicatesPerDate().values().stream().mapToLong(Long::longValue).sum();
    assertThat(duplicates, greaterThan(0L));
    assertEquals(duplicates, number(text("#kpi-duplicates")));
    assertThat(text("#duplicates-note"), containsString("commit metrics"));
    int days = demo.rowsByPartition(Tables.SILVER).size();
    assertThat(svgPaths("chart-records"), greaterThanOrEqualTo(days));
    assertThat(svgPaths("chart-rules"), greaterThan(0));
    assertThat(svgPaths("chart-reasons"), greaterThanOrEqualTo(Math.min(12, shown.size())));
    screenshot("quality");

    new Select(driver.findElement(By.id("sample-stage"))).selectByVisibleText("VALIDATE");
    waiting().until(d -> new Select(d.findElement(By.id("sample-stage"))).getFirstSelectedOption().getText().equals("VALIDATE"));
    waiting().until(d -> {
      new Select(d.findElement(By.id("sample-reason"))).selectByVisibleText("transaction_id_format");
      return true;
    });
    WebElement payload = waiting().until(d -> d.findElements(By.cssSelector("#sample-table pre")).stream()
        .filter(p -> p.getText().contains(DemoWarehouse.HTML_ID)).findFirst().orElse(null));
    assertThat(payload.getText(), containsString("\"transaction_id\":\"" + DemoWarehouse.HTML_ID + "\""));
    assertEquals(0, driver.findElements(By.cssSelector("#sample-table img, #sample-table pre *")).size());
    for (WebElement stage : driver.findElements(By.cssSelector("#sample-table td[data-key=stage]"))) {
      assertEquals("VALIDATE", stage.getText());
    }

    // Another domain in the picker: its quarantine, without a reload.
    new Select(driver.findElement(By.id("quality-domain"))).selectByVisibleText("customers");
    Map<String, Long> customers = demo.quarantinePerStageAndReason(Domains.CUSTOMERS.quarantine());
    waiting().until(d -> {
      Map<String, Long> rows = new TreeMap<>();
      for (WebElement row : d.findElements(By.cssSelector("#reasons-table tbody tr"))) {
        List<WebElement> cells = row.findElements(By.tagName("td"));
        rows.put(cells.get(0).getText() + " " + cells.get(1).getText(), number(cells.get(2).getText()));
      }
      return rows.equals(customers);
    });
  }

  @Test
  public void healthPageShowsEveryTablesLog() throws IOException {
    open("health", "#tables-table tbody tr");
    int commits = 0;
    for (TableSpec spec : Domains.allTables()) {
      commits += DeltaTable.at(demo.warehouse, spec).history().size();
    }
    for (WebElement row : driver.findElements(By.cssSelector("#tables-table tbody tr"))) {
      TableSpec spec = Params.table(row.findElement(By.cssSelector("td[data-key=table]")).getText().split("/")[0],
          row.findElement(By.cssSelector("td[data-key=table]")).getText().split("/")[1]);
      assertEquals(spec.path(), demo.version(spec), number(row.findElement(By.cssSelector("td[data-key=version]")).getText()));
      assertEquals(spec.path(), demo.rows(spec).size(), number(row.findElement(By.cssSelector("td[data-key=rows]")).getText()));
    }
    assertEquals(commits, driver.findElements(By.cssSelector("#runs-table tbody tr")).size());
    assertEquals(7, driver.findElements(By.cssSelector("#stages [data-stage]")).size());
    assertThat(svgPaths("chart-runs"), greaterThanOrEqualTo(commits));
    screenshot("health");
  }

  @Test
  public void opsPageSaysWhichOpsTablesAreNotThereYet() {
    open("ops", "#ops-message");
    assertThat(text("#ops-message"), containsString("No gold/incidents yet"));
    assertThat(text("#alerts-message"), containsString("No ops/alerts yet"));
  }

  @Test
  public void opsPageShowsIncidentsKpisAndAlerts() throws IOException {
    OpsWarehouse ops = OpsWarehouse.get();
    try (DashboardServer opsServer = DashboardServer.start(WarehouseView.at(ops.warehouse),
        new DashboardServer.Settings("127.0.0.1", 0, DashboardApiTest.BEHIND_AFTER, Duration.ofMillis(500)),
        Clock.systemUTC())) {
      driver.manage().window().setSize(new Dimension(1400, 1200));
      driver.get(opsServer.url() + "ops");
      waitFor("#incidents-table tbody tr");
      List<org.apache.avro.generic.GenericRecord> incidents = ops.rows(Tables.GOLD_INCIDENTS);
      long open = incidents.stream().filter(r -> r.get("status").toString().equals("OPEN")).count();
      assertEquals(incidents.size(), driver.findElements(By.cssSelector("#incidents-table tbody tr")).size());
      assertEquals(open, driver.findElements(By.cssSelector("#open-incidents tbody tr")).size());
      assertEquals(open, number(text("#kpi-open-incidents")));
      assertEquals(incidents.size(), number(text("#kpi-incidents")));
      assertEquals(ops.rows(Tables.OPS_ALERTS).size(), driver.findElements(By.cssSelector("#alerts-table tbody tr")).size());
      assertEquals(ops.rows(Tables.OPS_ALERTS).size(), number(text("#kpi-alerts-delivered")));
      assertEquals(ops.rows(Tables.GOLD_OPS_KPIS_DAILY).size(),
          driver.findElements(By.cssSelector("#kpi-table tbody tr")).size());
      // One bar per incident on the timeline (axes and grid are paths too), and the KPI lines drew.
      assertThat(svgPaths("chart-incidents"), greaterThanOrEqualTo(incidents.size()));
      assertThat(svgPaths("chart-kpis"), greaterThan(0));
      screenshot("ops");
    }
  }

  @Test
  public void aNewCommitAppearsWithoutAReload() throws IOException {
    open("health", "#tables-table tbody tr");
    ((JavascriptExecutor) driver).executeScript("window.finpipeNoReload = 'still here'");
    long before = demo.version(Tables.BRONZE);
    demo.ingestMore(20);
    long after = demo.version(Tables.BRONZE);
    assertEquals(before + 1, after);
    waiting().until(d -> d.findElements(By.cssSelector("#tables-table tbody tr")).stream()
        .anyMatch(r -> r.getText().startsWith("bronze/transactions " + after + " ")));
    assertEquals("still here", ((JavascriptExecutor) driver).executeScript("return window.finpipeNoReload"));
    assertTrue(text("#versions").contains("bronze v" + after));
  }
}
