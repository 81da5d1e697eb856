package io.github.streamexecutors.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The live page in a real browser: Debian's headless Chromium driven by Debian's chromedriver
 * (paths from the system properties {@code chromium.path} and {@code webdriver.chrome.driver}, so
 * Selenium Manager never looks for, let alone downloads, a browser or driver). Runs with {@code
 * -Pbrowser-tests}, on the application's own slow pages so that a run lasts several seconds, and
 * saves the README's screenshot to {@code live-page.screenshot}.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class LivePageBrowserIT {

  private static final List<String> EXECUTORS = List.of("download", "count", "upload");
  private static final int PAGES = 400;

  @LocalServerPort int port;

  private Path profile;
  private ChromeDriver browser;

  @BeforeEach
  void startBrowser() throws IOException {
    profile = Files.createTempDirectory("live-page-chromium-");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(System.getProperty("chromium.path", "/usr/bin/chromium"));
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--user-data-dir=" + profile);
    ChromeDriverService driver =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(
                new File(System.getProperty("webdriver.chrome.driver", "/usr/bin/chromedriver")))
            .usingAnyFreePort()
            .build();
    browser = new ChromeDriver(driver, options);
    browser.manage().window().setSize(new Dimension(1400, 900));
  }

  @AfterEach
  void stopBrowser() throws IOException {
    if (browser != null) {
      browser.quit();
    }
    try (var files = Files.walk(profile)) {
      files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
    }
  }

  @Test
  void aRunShowsEveryExecutorAtWorkAndStreamsTheResults() throws IOException {
    browser.get("http://localhost:" + port + "/");
    WebElement pages = browser.findElement(By.id("pages"));
    pages.clear();
    pages.sendKeys(String.valueOf(PAGES));
    browser.findElement(By.id("start")).click();

    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(120));
    wait.until(page -> !page.findElements(By.cssSelector("#results tr.result")).isEmpty());
    wait.until(page -> status().equals("done: " + PAGES + " pages"));
    // One more sample after the run, so the chart shows the stages draining.
    wait.until(page -> cell("download", "depth").equals("0"));

    for (String executor : EXECUTORS) {
      assertThat(peak(executor, "depth") + peak(executor, "in-flight"))
          .as("peak queue depth + in flight of %s", executor)
          .isPositive();
    }
    assertThat(peak("download", "in-flight")).isPositive();
    assertThat(browser.findElement(By.id("totals")).getText())
        .startsWith(PAGES + " / " + PAGES + " pages");
    assertThat(browser.findElements(By.cssSelector("#results tr.result"))).isNotEmpty();
    assertThat(browser.findElements(By.cssSelector("#results tr.result")).get(0).getText())
        .startsWith(PAGES + " ");

    saveScreenshot();
  }

  private String status() {
    return browser.findElement(By.id("status")).getText();
  }

  private String cell(String executor, String metric) {
    return browser
        .findElement(
            By.cssSelector("tr[data-executor='" + executor + "'] [data-metric='" + metric + "']"))
        .getText();
  }

  private double peak(String executor, String metric) {
    return Double.parseDouble(cell(executor, "peak-" + metric));
  }

  private void saveScreenshot() throws IOException {
    String target = System.getProperty("live-page.screenshot");
    if (target == null) {
      return;
    }
    Path screenshot = Path.of(target).toAbsolutePath().normalize();
    Files.createDirectories(screenshot.getParent());
    Files.copy(
        browser.getScreenshotAs(OutputType.FILE).toPath(),
        screenshot,
        StandardCopyOption.REPLACE_EXISTING);
  }
}
