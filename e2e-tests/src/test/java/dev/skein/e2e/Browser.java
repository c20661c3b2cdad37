package dev.skein.e2e;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium, driven through its chromedriver (both installed by
 * {@code infra/skein test}). The machine has no network besides the stack, so everything
 * that would call home is off, and each browser gets a fresh profile.
 */
final class Browser implements AutoCloseable {

    static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("SKEIN_E2E_CHROMIUM", "/usr/bin/chromium"));

    static final Path CHROMEDRIVER = Path
        .of(System.getenv().getOrDefault("SKEIN_E2E_CHROMEDRIVER", "/usr/bin/chromedriver"));

    private final ChromeDriver driver;

    private final Path profile;

    private final Path screenshots;

    private int shots;

    private Browser(ChromeDriver driver, Path profile, Path screenshots) {
        this.driver = driver;
        this.profile = profile;
        this.screenshots = screenshots;
    }

    static Browser start(Path screenshots) {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            throw new IllegalStateException("The console's browser tests need " + CHROMIUM + " and " + CHROMEDRIVER
                    + ": apt-get install chromium chromium-driver (infra/skein test installs them)");
        }
        try {
            Path profile = Files.createTempDirectory("skein-e2e-chromium-");
            Files.createDirectories(screenshots);
            ChromeOptions options = new ChromeOptions();
            options.setBinary(CHROMIUM.toFile());
            options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--window-size=1280,1000");
            ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
            return new Browser(new ChromeDriver(service, options), profile, screenshots);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    WebDriver driver() {
        return this.driver;
    }

    void open(String url) {
        this.driver.get(url);
    }

    WebElement find(String css) {
        return waitFor(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
    }

    List<WebElement> all(String css) {
        return this.driver.findElements(By.cssSelector(css));
    }

    WebElement byId(String id) {
        return find("#" + id);
    }

    /**
     * Waits until the element's text contains the given text, then returns the element.
     */
    WebElement text(String css, String contains) {
        waitFor(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(css), contains));
        return find(css);
    }

    <T> T waitFor(Function<? super WebDriver, T> condition) {
        return new WebDriverWait(this.driver, Duration.ofSeconds(60)).until(condition);
    }

    void type(String css, String text) {
        WebElement input = find(css);
        input.clear();
        input.sendKeys(text);
    }

    void click(String css) {
        waitFor(ExpectedConditions.elementToBeClickable(By.cssSelector(css))).click();
    }

    Object script(String script, Object... args) {
        return ((JavascriptExecutor) this.driver).executeScript(script, args);
    }

    /** The id of the element that has focus, or its tag and text when it has no id. */
    String focused() {
        return (String) script("const e = document.activeElement; return e ? (e.id || (e.tagName + ':' + "
                + "(e.getAttribute('href') || e.textContent.trim()))) : '';");
    }

    /**
     * Presses Tab (from wherever focus is) until the element with this id has focus;
     * false when it is not reached within the given number of presses.
     */
    boolean tabTo(String id, int maxPresses) {
        for (int i = 0; i < maxPresses; i++) {
            new Actions(this.driver).sendKeys(Keys.TAB).perform();
            if (id.equals(script("return document.activeElement && document.activeElement.id"))) {
                return true;
            }
        }
        return false;
    }

    /** The outline drawn around the focused element (visible focus). */
    String focusOutline() {
        return (String) script("const s = getComputedStyle(document.activeElement); "
                + "return s.outlineStyle + ' ' + s.outlineWidth;");
    }

    /**
     * The form controls of the page that no label names: neither a label element nor
     * aria-label nor aria-labelledby.
     */
    @SuppressWarnings("unchecked")
    List<String> unlabelledControls() {
        return (List<String>) script("return Array.from(document.querySelectorAll('input, select, textarea'))"
                + ".filter(e => e.type !== 'hidden' && e.offsetParent !== null)"
                + ".filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label') "
                + "&& !e.getAttribute('aria-labelledby'))" + ".map(e => e.outerHTML);");
    }

    /** A screenshot as {@code NN-name.png}; the whole page, as tall as its content. */
    Path screenshot(String name) {
        return screenshot(name, 4000);
    }

    /**
     * A screenshot of the window (1280 × 1000) scrolled to show this element at the top.
     */
    Path screenshotAt(String name, String css) {
        script("const e = document.querySelector(arguments[0]); window.scrollTo(0, e.getBoundingClientRect().top + window.scrollY - 8)",
                css);
        try {
            File shot = this.driver.getScreenshotAs(OutputType.FILE);
            Path target = this.screenshots.resolve("%02d-%s.png".formatted(++this.shots, name));
            Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
            return target;
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** A screenshot of the top of the page, at most this tall. */
    Path screenshot(String name, int maxHeight) {
        Dimension size = this.driver.manage().window().getSize();
        try {
            long height = ((Number) script("return Math.max(document.body.scrollHeight, 700)")).longValue();
            this.driver.manage()
                .window()
                .setSize(new Dimension(size.getWidth(), (int) Math.min(height + 140, maxHeight)));
            script("window.scrollTo(0, 0)");
            File shot = this.driver.getScreenshotAs(OutputType.FILE);
            Path target = this.screenshots.resolve("%02d-%s.png".formatted(++this.shots, name));
            Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
            return target;
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        finally {
            this.driver.manage().window().setSize(size);
        }
    }

    @Override
    public void close() {
        try {
            this.driver.quit();
        }
        finally {
            deleteQuietly(this.profile);
        }
    }

    private static void deleteQuietly(Path folder) {
        try (var paths = Files.walk(folder)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
        catch (IOException ex) {
            // a leftover profile in /tmp is harmless
        }
    }

}
