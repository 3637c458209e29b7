package io.labelgate.it.browser;

import io.labelgate.it.IssuedSecrets;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * A real headless Chromium (Debian's {@code chromium} and {@code chromium-driver}, installed by
 * scripts/install-chromium.sh) driven through chromedriver, with a fresh profile that is deleted
 * on {@link #close()}.
 *
 * <p>Nothing is ever downloaded: the driver and the browser binary are given explicitly, so
 * Selenium Manager has nothing to resolve, and {@code SE_OFFLINE} (which Selenium passes to
 * Selenium Manager as an environment variable) forbids it to go online should it run anyway.
 * Every host name but 127.0.0.1 fails to resolve inside the browser, so a page that redirects
 * off-site shows an error page instead of leaving the machine.
 *
 * <p>Every cookie the browser holds after a page is opened or reached, and when it closes, is
 * recorded in {@link IssuedSecrets}: the session cookies Chromium received must not appear in any
 * log either (scripts/scan-logs.sh).
 */
public final class Browser implements AutoCloseable {

    /** Longest a test waits for the page to show something. */
    public static final Duration WAIT = Duration.ofSeconds(10);

    static final String CHROMIUM = "/usr/bin/chromium";
    static final String CHROMEDRIVER = "/usr/bin/chromedriver";

    private final ChromeDriver driver;
    private final Path profile;

    private Browser(int width, int height, boolean phone) {
        System.setProperty("SE_OFFLINE", "true");
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER);
        this.profile = newProfile();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
                "--window-size=" + width + "," + height,
                "--user-data-dir=" + profile);
        if (phone) {
            // headless Chromium never makes a window narrower than 500 px: emulate the phone's
            // viewport instead, which also honours the page's <meta name="viewport">
            options.setExperimentalOption(
                    "mobileEmulation",
                    Map.of(
                            "deviceMetrics",
                            Map.of(
                                    "width",
                                    width,
                                    "height",
                                    height,
                                    "pixelRatio",
                                    1.0,
                                    "mobile",
                                    true,
                                    "touch",
                                    true)));
        }
        options.setPageLoadTimeout(Duration.ofSeconds(20));
        options.setScriptTimeout(WAIT);
        options.setImplicitWaitTimeout(Duration.ZERO);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER))
                .usingAnyFreePort()
                .build();
        try {
            this.driver = new ChromeDriver(service, options);
        } catch (RuntimeException e) {
            deleteProfile();
            throw e;
        }
    }

    /** A desktop-sized window, 1280 x 900. */
    public static Browser desktop() {
        return new Browser(1280, 900, false);
    }

    /** A laptop's window, 1280 x 800: the smallest desktop the pages must fit without sideways scrolling. */
    public static Browser laptop() {
        return new Browser(1280, 800, false);
    }

    /**
     * A phone: a 390 x 844 CSS-pixel viewport (an iPhone 12 to 14), emulated as a mobile device,
     * for the readability checks. A page without {@code <meta name="viewport"
     * content="width=device-width">} is laid out 980 px wide here, as on a real phone.
     */
    public static Browser phone() {
        return new Browser(390, 844, true);
    }

    public WebDriver driver() {
        return driver;
    }

    /** Opens a page, which must be on 127.0.0.1. */
    public void open(URI uri) {
        if (!"127.0.0.1".equals(uri.getHost())) {
            throw new IllegalArgumentException("browser traffic goes to 127.0.0.1 only, not " + uri);
        }
        driver.get(uri.toString());
        recordCookies();
    }

    /** The current URL. */
    public URI url() {
        return URI.create(driver.getCurrentUrl());
    }

    /** Waits, at most {@link #WAIT}, for an element to be visible. */
    public WebElement visible(By locator) {
        return await(ExpectedConditions.visibilityOfElementLocated(locator));
    }

    /** Waits, at most {@link #WAIT}, for a condition to hold (be non-null and not false). */
    public <T> T await(Function<? super WebDriver, T> condition) {
        // a page that re-renders between a lookup and a read leaves a stale element: look again
        return new WebDriverWait(driver, WAIT, Duration.ofMillis(100))
                .ignoring(StaleElementReferenceException.class)
                .until(condition);
    }

    /**
     * Waits, at most {@link #WAIT}, for the current URL's path to become {@code path}; on timeout
     * the failure shows where the browser is and what the page says.
     */
    public void awaitPath(String path) {
        try {
            await(driver -> path.equals(URI.create(driver.getCurrentUrl()).getPath()));
        } catch (TimeoutException e) {
            throw new AssertionError(
                    "expected to reach " + path + " within " + WAIT + " but the browser is at " + driver.getCurrentUrl()
                            + " showing: " + bodyText(),
                    e);
        }
        recordCookies();
    }

    /**
     * Waits, at most {@link #WAIT}, for an element's text to become {@code text} (the page may
     * change it later than the action that causes the change: a promise settling, a fetch); on
     * timeout the failure shows the text it had.
     */
    public void awaitText(By locator, String text) {
        try {
            await(ExpectedConditions.textToBe(locator, text));
        } catch (TimeoutException e) {
            throw new AssertionError(
                    "expected " + locator + " to read \"" + text + "\" within " + WAIT + " but it reads \""
                            + driver.findElement(locator).getText() + "\"",
                    e);
        }
    }

    /** Records the value of every cookie the browser holds now. */
    private void recordCookies() {
        for (Cookie cookie : driver.manage().getCookies()) {
            IssuedSecrets.record(cookie.getValue());
        }
    }

    /** The text of the page's body as a user sees it. */
    public String bodyText() {
        return driver.findElement(By.tagName("body")).getText();
    }

    /** Runs a script in the page and returns its result. */
    public Object script(String script, Object... arguments) {
        return ((JavascriptExecutor) driver).executeScript(script, arguments);
    }

    /** Whether the page scrolls sideways: wider content than the viewport. */
    public boolean scrollsHorizontally() {
        Number scrollWidth = (Number) script("return document.documentElement.scrollWidth;");
        Number innerWidth = (Number) script("return window.innerWidth;");
        return scrollWidth.longValue() > innerWidth.longValue();
    }

    /**
     * Saves a PNG of the viewport as {@code docs/screenshots/<name>.png} (the README shows
     * them) and returns its path.
     */
    public Path screenshot(String name) {
        Path target = screenshotsDir().resolve(name + ".png");
        try {
            Files.createDirectories(target.getParent());
            Files.write(target, driver.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
        return target;
    }

    /** Quits the browser and its chromedriver, then deletes the profile. */
    @Override
    public void close() {
        try {
            recordCookies();
        } finally {
            quit();
        }
    }

    private void quit() {
        try {
            driver.quit();
        } finally {
            deleteProfile();
        }
    }

    /** {@code <repo>/docs/screenshots}, from failsafe's {@code labelgate.it.screenshots.dir}. */
    static Path screenshotsDir() {
        String configured = System.getProperty("labelgate.it.screenshots.dir");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        // <repo>/it-tests/target/wars -> <repo>/docs/screenshots
        return warDir().getParent().getParent().getParent().resolve("docs").resolve("screenshots");
    }

    private static Path warDir() {
        String wars = System.getProperty("labelgate.it.war.dir");
        if (wars == null || wars.isBlank()) {
            throw new IllegalStateException("system property labelgate.it.war.dir is not set: run the browser tests "
                    + "with Maven (failsafe sets it to it-tests/target/wars)");
        }
        return Path.of(wars).toAbsolutePath().normalize();
    }

    private static Path newProfile() {
        Path profiles = warDir().getParent().resolve("browser-profiles");
        try {
            Files.createDirectories(profiles);
            return Files.createTempDirectory(profiles, "chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a browser profile under " + profiles, e);
        }
    }

    private void deleteProfile() {
        try (Stream<Path> files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder())
                    .forEach(file -> file.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the browser profile " + profile, e);
        }
    }
}
