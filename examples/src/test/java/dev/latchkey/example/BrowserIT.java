package dev.latchkey.example;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.junit.jupiter.api.Assumptions;

/**
 * The web page in a real headless Chromium (Debian's {@code chromium} and {@code chromium-driver}),
 * against the packaged jar: register, log in, call the protected resource, watch the guide's
 * interceptor refresh the access token after a 401, list devices, log out one device and all; and
 * account recovery, with the links the app prints in DEBUG: verify the email, forget the password,
 * set a new one from the reset link.
 * Skipped with one line when Chromium is not installed; under {@code CI} a missing Chromium fails.
 */
class BrowserIT {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final AtomicBoolean ANNOUNCED = new AtomicBoolean();

    private static RunningApp app;

    @BeforeAll
    static void startApp() throws Exception {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            String how = "install Debian's chromium and chromium-driver (apt-get install chromium chromium-driver)";
            String ci = System.getenv("CI");
            if (ci != null && !ci.isBlank() && !ci.equalsIgnoreCase("false")) {
                throw new IllegalStateException("CI is set but Chromium is missing: " + how);
            }
            if (ANNOUNCED.compareAndSet(false, true)) {
                System.err.println("[latchkey] Browser tests skipped: no Chromium; " + how + ".");
            }
            Assumptions.abort("No Chromium: " + how);
        }
        app = RunningApp.start(Map.of("SECRET_KEY", "browser-test-secret-0123456789abcdefghij"));
    }

    @AfterAll
    static void stopApp() {
        if (app != null) {
            app.close();
        }
    }

    private static WebDriver browser(int width, int height) throws Exception {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--window-size=" + width + "," + height,
                "--user-data-dir=" + Files.createTempDirectory("latchkey-chromium"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        WebDriver driver = new ChromeDriver(service, options);
        driver.manage().window().setSize(new Dimension(width, height));
        return driver;
    }

    private static void type(WebDriver driver, String id, String text) {
        WebElement field = driver.findElement(By.id(id));
        field.clear();
        field.sendKeys(text);
    }

    private static void waitForText(WebDriver driver, String id, String text) {
        new WebDriverWait(driver, Duration.ofSeconds(15)).until(d -> d.findElement(By.id(id)).getText().contains(text));
    }

    private static String log(WebDriver driver) {
        return driver.findElement(By.id("log")).getText();
    }

    private static void screenshot(WebDriver driver, String name) throws Exception {
        byte[] png = ((org.openqa.selenium.TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
        Path dir = Path.of("target", "screenshots");
        Files.createDirectories(dir);
        Files.write(dir.resolve(name + ".png"), png);
    }

    @Test
    void theWholeFlowWorksInTheBrowserAndTheInterceptorRefreshesAfterA401() throws Exception {
        WebDriver driver = browser(1200, 1000);
        try {
            driver.get(app.base().toString());
            type(driver, "reg-email", "browser@example.com");
            type(driver, "reg-password", "testpassword123");
            driver.findElement(By.id("register")).click();
            waitForText(driver, "register-status", "Registered browser@example.com");

            type(driver, "login-password", "testpassword123");
            type(driver, "login-device", "Headless Chromium");
            driver.findElement(By.id("login")).click();
            waitForText(driver, "account-status", "the access token lasts 1800 s");
            assertThat(driver.findElement(By.id("login-card")).isDisplayed()).isFalse();
            assertThat(((JavascriptExecutor) driver).executeScript("return localStorage.getItem('refresh_token')"))
                    .asString().hasSize(43);

            type(driver, "note-text", "첫 번째 메모");
            driver.findElement(By.id("add-note")).click();
            waitForText(driver, "notes", "첫 번째 메모");
            waitForText(driver, "account-status", "/api/notes answered 200");

            // The guide's interceptor: a refused access token → 401 → refresh → retry with the new one.
            String before = (String) ((JavascriptExecutor) driver).executeScript("return localStorage.getItem('access_token')");
            driver.findElement(By.id("expire")).click();
            driver.findElement(By.id("load-notes")).click();
            waitForText(driver, "log", "access token refreshed");
            waitForText(driver, "account-status", "/api/notes answered 200");
            String log = log(driver);
            assertThat(log).containsSubsequence("GET /api/notes -> 401", "POST /api/auth/refresh -> 200",
                    "access token refreshed", "GET /api/notes -> 200");
            String after = (String) ((JavascriptExecutor) driver).executeScript("return localStorage.getItem('access_token')");
            assertThat(after).isNotEqualTo(before).matches("[\\w-]+\\.[\\w-]+\\.[\\w-]+");

            driver.findElement(By.id("load-sessions")).click();
            new WebDriverWait(driver, Duration.ofSeconds(15))
                    .until(d -> !d.findElements(By.cssSelector("#sessions tr")).isEmpty());
            List<WebElement> rows = driver.findElements(By.cssSelector("#sessions tr"));
            assertThat(rows).hasSize(1);
            assertThat(rows.get(0).getText()).contains("Headless Chromium").contains("this device").contains("127.0.0.1")
                    .contains("HeadlessChrome");
            screenshot(driver, "desktop-signed-in");

            driver.findElement(By.id("logout-all")).click();
            waitForText(driver, "login-status", "Logged out of every device (1 sessions ended)");
            assertThat(driver.findElement(By.id("account-card")).isDisplayed()).isFalse();
        } finally {
            driver.quit();
        }
    }

    @Test
    void onAPhoneSizedScreenTheDevicesOfOtherBrowsersCanBeLoggedOut() throws Exception {
        Client client = new Client(app.base());
        client.post("/api/auth/register", "{\"real_name\":\"Phone\",\"email\":\"phone@example.com\",\"password\":\"testpassword123\"}");
        String otherDevice = client.post("/api/auth/login", "{\"email\":\"phone@example.com\",\"password\":\"testpassword123\","
                + "\"device_name\":\"Old laptop\"}").text("access_token");
        WebDriver driver = browser(390, 844);
        try {
            driver.get(app.base().toString());
            type(driver, "login-email", "phone@example.com");
            type(driver, "login-password", "testpassword123");
            type(driver, "login-device", "Galaxy S24");
            driver.findElement(By.id("login")).click();
            new WebDriverWait(driver, Duration.ofSeconds(15))
                    .until(d -> d.findElements(By.cssSelector("#sessions tr")).size() == 2);
            Object overflow = ((JavascriptExecutor) driver).executeScript(
                    "return document.documentElement.scrollWidth > window.innerWidth");
            assertThat(overflow).as("no horizontal scrolling on a phone").isEqualTo(false);
            screenshot(driver, "phone-devices");

            WebElement laptopRow = driver.findElements(By.cssSelector("#sessions tr")).stream()
                    .filter(row -> row.getText().contains("Old laptop")).findFirst().orElseThrow();
            laptopRow.findElement(By.cssSelector("button.end-session")).click();
            new WebDriverWait(driver, Duration.ofSeconds(15))
                    .until(d -> d.findElements(By.cssSelector("#sessions tr")).size() == 1);

            assertThat(client.get("/api/notes", otherDevice).status()).as("that device is logged out at once")
                    .isEqualTo(401);
            assertThat(driver.findElement(By.cssSelector("#sessions tr")).getText()).contains("Galaxy S24");
        } finally {
            driver.quit();
        }
    }

    @Test
    void theVerificationAndResetLinksFromTheMailsWorkInTheBrowser() throws Exception {
        try (RunningApp debug = RunningApp.start(Map.of("DEBUG", "True"))) {
            WebDriver driver = browser(1200, 1000);
            try {
                String base = debug.base().toString() + "/";
                driver.get(base);
                type(driver, "reg-email", "recover@example.com");
                type(driver, "reg-password", "testpassword123");
                driver.findElement(By.id("register")).click();
                waitForText(driver, "register-status", "Registered recover@example.com");

                driver.get(base + "#verify-email?token=" + debug.awaitPrintedToken("verify-email", 1, 15));
                new WebDriverWait(driver, Duration.ofSeconds(15)).until(d -> d.findElement(By.id("verify-card"))
                        .isDisplayed());
                assertThat(driver.getCurrentUrl()).as("the token leaves the address bar").doesNotContain("token=");
                driver.findElement(By.id("verify-submit")).click();
                waitForText(driver, "verify-status", "Email verified for recover@example.com");

                type(driver, "login-email", "recover@example.com");
                driver.findElement(By.id("forgot-open")).click();
                assertThat(driver.findElement(By.id("forgot-email")).getAttribute("value"))
                        .isEqualTo("recover@example.com");
                driver.findElement(By.id("forgot-send")).click();
                waitForText(driver, "forgot-status", "If an account with this email exists");
                String token = debug.awaitPrintedToken("reset-password", 1, 15);

                driver.get(base + "#reset-password?token=" + token);
                new WebDriverWait(driver, Duration.ofSeconds(15)).until(d -> d.findElement(By.id("reset-card"))
                        .isDisplayed());
                type(driver, "reset-password", "x".repeat(129));
                driver.findElement(By.id("reset-submit")).click();
                waitForText(driver, "reset-status", "8 to 128 characters");
                type(driver, "reset-password", "새 비밀번호 123");
                driver.findElement(By.id("reset-submit")).click();
                waitForText(driver, "login-status", "Password reset");
                screenshot(driver, "password-reset");

                type(driver, "login-email", "recover@example.com");
                type(driver, "login-password", "새 비밀번호 123");
                driver.findElement(By.id("login")).click();
                waitForText(driver, "account-status", "the access token lasts");
                assertThat(driver.findElement(By.id("unverified")).isDisplayed()).isFalse();

                driver.get(base + "#reset-password?token=" + token);
                new WebDriverWait(driver, Duration.ofSeconds(15)).until(d -> d.findElement(By.id("reset-card"))
                        .isDisplayed());
                type(driver, "reset-password", "another password 1");
                driver.findElement(By.id("reset-submit")).click();
                waitForText(driver, "reset-status", "invalid or has expired");
            } finally {
                driver.quit();
            }
        }
    }
}
