package dev.skein.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebElement;
import tools.jackson.databind.JsonNode;

import dev.skein.e2e.SkeinClient.Response;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The memory console at {@code /console/}, driven in a real (headless) Chromium against
 * the running stack, as a person who runs Skein uses it: sign in with an API key, find a
 * conversation seeded through the API, read its transcript and memory, search with the
 * score broken into parts, open a turn's prompt, import a file and watch it become
 * searchable, erase with confirmation, and follow a conversation to its user: the user's
 * conversations, durable facts and search, and erase the user. Screenshots of each step
 * go to {@code target/screenshots/}.
 *
 * <p>
 * Where an endpoint of the console is missing from the gateway (404), the console says so
 * instead of failing; the test asks the API which case holds and checks the page for that
 * case.
 */
class ConsoleIT {

    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private static SkeinClient client;

    private static String conversation;

    private static UUID turnId;

    private static String user;

    private static String userConversation;

    private static final String PORTO = "My sister Ana lives in Porto and loves sailing.";

    private static Browser browser;

    @BeforeAll
    static void seedAndStart() {
        SkeinStack stack = SkeinStack.get();
        client = stack.newTenant();
        conversation = "console-" + UUID.randomUUID().toString().substring(0, 8);
        Response imported = client.post("/v1/conversations/" + conversation + "/messages:import",
                Histories.petAndHobbies());
        assertThat(imported.status()).as(imported.body()).isEqualTo(200);
        // the history indexed before the turn, so its evidence holds the dog turn; then
        // the turn's own messages
        await().atMost(Duration.ofSeconds(60))
            .until(() -> client.get("/v1/conversations/" + conversation).json().path("status").asString(),
                    "ready"::equals);
        Response turn = client.say(conversation, "What is the name of my dog?");
        assertThat(turn.status()).as(turn.body()).isEqualTo(200);
        turnId = UUID.fromString(turn.json().path("turnId").asString());
        await().atMost(Duration.ofSeconds(60))
            .until(() -> client.get("/v1/conversations/" + conversation).json().path("status").asString(),
                    "ready"::equals);
        // a conversation of a user, whose statement is one of the user's durable facts
        user = "console-user-" + UUID.randomUUID().toString().substring(0, 8);
        userConversation = conversation + "-of-user";
        Response ofUser = client.post("/v1/conversations/" + userConversation + "/messages:import",
                "{\"userId\":\"" + user + "\",\"messages\":[{\"role\":\"user\",\"content\":\"" + PORTO
                        + "\",\"externalId\":\"u1\"},{\"role\":\"assistant\",\"content\":\"Porto is lovely.\","
                        + "\"externalId\":\"u2\"}]}");
        assertThat(ofUser.status()).as(ofUser.body()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(60))
            .until(() -> client.get("/v1/conversations/" + userConversation).json().path("status").asString(),
                    "ready"::equals);
        assertThat(client.get("/v1/users/" + user + "/memory").json().path("facts").toString()).contains(PORTO);
        browser = Browser.start(SCREENSHOTS);
        browser.open(stack.gatewayUrl() + "/console/");
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void aRunnerSignsInReadsMemorySearchesImportsAndErasesInTheBrowser() throws Exception {
        // Sign in: the only control has a label and takes focus; nothing works without a
        // key.
        WebElement key = browser.byId("api-key");
        assertThat(browser.focused()).isEqualTo("api-key");
        assertThat(browser.unlabelledControls()).isEmpty();
        assertThat(browser.script("return sessionStorage.length")).isEqualTo(0L);
        browser.screenshot("sign-in");
        key.sendKeys("sk-skein-not-a-key");
        browser.click("#signin-submit");
        browser.text("#signin-problem", "401");
        browser.type("#api-key", client.apiKey());
        browser.click("#signin-submit");
        browser.text("main h1", "Conversations");
        // The key is in this tab's session only: not in a cookie, not in local storage.
        assertThat(browser.script("return sessionStorage.getItem('skein.console.apiKey')")).isEqualTo(client.apiKey());
        assertThat(browser.script("return document.cookie + localStorage.length")).isEqualTo("0");

        // Conversations: listed with counts when the gateway lists them; opened by id
        // either way.
        if (client.get("/v1/conversations?limit=1").status() == 200) {
            browser.type("#filter-prefix", conversation.substring(0, 12));
            browser.click("#filter-submit");
            WebElement row = browser.find("#conversation-table tr[data-conversation='" + conversation + "']");
            assertThat(row.getText()).contains(conversation, "22");
            // the user's conversation names its user in the list
            assertThat(browser.find("#conversation-table tr[data-conversation='" + userConversation + "']").getText())
                .contains(user);
            browser.screenshot("conversations");
            row.findElement(org.openqa.selenium.By.tagName("a")).click();
        }
        else {
            browser.text("#conversation-results", "not available");
            browser.screenshot("conversations");
            browser.type("#open-id", conversation);
            browser.click("#open-form button");
        }

        // Transcript, paged: 22 messages, 20 a page; the turn's prompt is linked from its
        // reply.
        browser.text("main h1", conversation);
        browser.text("#conversation-summary", "22 messages");
        browser.text("#transcript", "golden retriever puppy");
        assertThat(browser.all("#transcript > li")).hasSize(20);
        browser.screenshot("transcript");
        browser.click("#transcript-next");
        browser.text("#transcript", "What is the name of my dog?");
        assertThat(browser.all("#transcript > li")).hasSize(2);
        assertThat(browser.find("#transcript-prev").isDisplayed()).isTrue();

        // Keyboard: from the heading, Tab reaches the views and the erase button, each
        // with a visible focus ring.
        browser.script("document.querySelector('main h1').focus()");
        assertThat(browser.tabTo("tab-link-memory", 10)).as("Tab reaches the memory view").isTrue();
        assertThat(browser.focusOutline()).doesNotStartWith("none");
        assertThat(browser.tabTo("erase-open", 10)).as("Tab reaches the erase button").isTrue();

        // Memory view: flash turns, archived memories with their reasons and decay plots.
        browser.script("document.getElementById('tab-link-memory').focus()");
        new org.openqa.selenium.interactions.Actions(browser.driver()).sendKeys(org.openqa.selenium.Keys.ENTER)
            .perform();
        browser.text("#tab-title", "Memory");
        browser.find("#flash > li");
        JsonNode memory = client.get("/v1/conversations/" + conversation + "/memory").json();
        int archived = memory.path("archived").size();
        assertThat(archived).as("the seeded history has archived memories").isPositive();
        assertThat(browser.all("#archived tbody tr")).hasSize(archived);
        WebElement plot = browser.find("#archived tbody tr svg.decay");
        assertThat(plot.getAttribute("aria-label")).contains("Salience", "decay ratio");
        assertThat(browser.all("#archived tbody tr svg.decay polyline")).hasSize(archived);
        String reason = memory.path("archived").get(0).path("reason").asString();
        assertThat(browser.find("#archived tbody tr").getText()).contains(reason);
        if (memory.path("summaries").size() > 0) {
            browser.text("#summaries", "covers turns #");
        }
        // Archived turns show their text, read from the transcript; each can be pinned or
        // deleted.
        browser.text("#archived", "golden retriever puppy");
        assertThat(browser.all("#archived tbody tr button")).hasSize(2 * archived);
        browser.screenshot("memory");
        browser.screenshotAt("memory-archived", "#archived-title");

        // Search playground: each hit's score in parts, when the gateway explains scores.
        browser.click("#tab-link-search");
        browser.type("#search-query", "Does she own a dog?");
        assertThat(browser.unlabelledControls()).isEmpty();
        browser.click("#search-submit");
        browser.text("#search-results", "hit");
        assertThat(browser.find("#hits").getText()).contains("Biscuit");
        JsonNode explained = client
            .post("/v1/conversations/" + conversation + "/memory:search",
                    "{\"query\":\"Does she own a dog?\",\"explain\":true}")
            .json();
        if (explained.path("results").path(0).has("explain")) {
            WebElement breakdown = browser.find("#hits .hit table.breakdown");
            assertThat(breakdown.getText()).contains("dense", "lexical", "time", "salience", "supersession",
                    "neighbours", "fused");
        }
        else {
            browser.text("#search-results", "not available");
        }
        assertThat(browser.find("#status").getText()).startsWith("Search:");
        browser.screenshot("search");

        // The turn's assembled prompt: budget used, flash, evidence quoted.
        browser.open(
                browser.driver().getCurrentUrl().replaceFirst("#.*$", "") + "#/c/" + conversation + "/turn/" + turnId);
        browser.text("main h1", turnId.toString());
        if (client.get("/v1/conversations/" + conversation + "/turns/" + turnId).status() == 200) {
            browser.text("#turn", "tokens used");
            browser.find("#turn-budget");
            browser.text("#turn-evidence", "Biscuit");
            assertThat(browser.all("#turn-evidence blockquote")).isNotEmpty();
        }
        else {
            browser.text("main", "not available");
        }
        browser.screenshot("turn-prompt");

        // Import a small file: the progress bar runs until the index has it, then it is
        // searchable.
        String imported = conversation + "-import";
        Path file = Files.createTempFile("skein-console-import-", ".json");
        Files.writeString(file, """
                {"messages":[
                  {"role":"user","content":"I keep my bicycle in the blue shed behind the bakery.","externalId":"i1"},
                  {"role":"assistant","content":"Good to know where the bike lives.","externalId":"i2"},
                  {"role":"user","content":"The spare key hangs on a nail inside the greenhouse.","externalId":"i3"},
                  {"role":"assistant","content":"Noted: the key is in the greenhouse.","externalId":"i4"}]}
                """);
        browser.click("#nav-import");
        browser.text("main h1", "Import");
        assertThat(browser.unlabelledControls()).isEmpty();
        browser.type("#import-conversation", imported);
        browser.find("#import-file").sendKeys(file.toAbsolutePath().toString());
        browser.click("#import-submit");
        browser.text("#import-done", "Imported 4 messages");
        assertThat(browser.find("#import-progress").getAttribute("value")).isEqualTo("100");
        assertThat(browser.find("#status").getText()).contains("searchable");
        browser.screenshot("import");
        Files.delete(file);
        JsonNode found = client
            .post("/v1/conversations/" + imported + "/memory:search",
                    "{\"query\":\"Where is the bicycle kept?\",\"topK\":2}")
            .json();
        assertThat(found.path("results").toString()).contains("blue shed");

        // Erase, with confirmation: cancelling keeps it; typing the id and confirming
        // erases it.
        browser.click("#import-done a");
        browser.text("main h1", imported);
        browser.click("#erase-open");
        assertThat(browser.find("#erase-dialog").isDisplayed()).isTrue();
        assertThat(browser.focused()).isEqualTo("erase-confirm");
        assertThat(browser.find("#erase-submit").isEnabled()).isFalse();
        browser.click("#erase-cancel");
        browser.text("#status", "Erase cancelled");
        assertThat(client.get("/v1/conversations/" + imported).status()).isEqualTo(200);
        browser.click("#erase-open");
        browser.type("#erase-confirm", imported);
        browser.screenshot("erase-confirm");
        browser.click("#erase-submit");
        browser.text("#erased-note", imported);
        browser.text("#status", "erased");
        assertThat(client.get("/v1/conversations/" + imported).status()).isEqualTo(404);
        browser.screenshot("erased");

        // A conversation of a user links to the user: their conversations, durable facts
        // (each linked to the conversation it was said in) and a search of all of them.
        browser.open(browser.driver().getCurrentUrl().replaceFirst("#.*$", "") + "#/c/" + userConversation);
        browser.text("#conversation-user", user);
        browser.click("#user-link");
        browser.text("main h1", "User " + user);
        browser.find("#user-conversation-table tr[data-conversation='" + userConversation + "']");
        browser.text("#facts", PORTO);
        assertThat(browser.find("#facts > li").getText()).contains(userConversation);
        assertThat(browser.unlabelledControls()).isEmpty();
        browser.type("#user-search-query", "Where does my sister live?");
        browser.click("#user-search-submit");
        browser.text("#user-hits", "Porto");
        assertThat(browser.find("#user-hits").getText()).contains(userConversation);
        assertThat(browser.find("#status").getText()).startsWith("Search of user");
        browser.screenshot("user");
        browser.click("#facts > li a");
        browser.text("main h1", userConversation);

        // Erase the user from the user view, with the same typed confirmation naming the
        // user and what goes: the list comes back without the user's conversation.
        browser.click("#user-link");
        browser.text("main h1", "User " + user);
        browser.click("#user-erase-open");
        assertThat(browser.find("#erase-title").getText()).isEqualTo("Erase this user?");
        assertThat(browser.find("#erase-text").getText()).contains("Every conversation", "durable fact", user);
        assertThat(browser.find("#erase-submit").isEnabled()).isFalse();
        browser.type("#erase-confirm", user);
        browser.screenshot("erase-user-confirm");
        browser.click("#erase-submit");
        browser.text("#erased-note", user);
        browser.text("#status", "User " + user + " erased");
        assertThat(client.get("/v1/users/" + user + "/conversations").status()).isEqualTo(404);
        assertThat(client.get("/v1/conversations/" + userConversation).status()).isEqualTo(404);
        if (client.get("/v1/conversations?limit=1").status() == 200) {
            browser.text("#status", "shown");
            browser.find("#conversation-table tr[data-conversation='" + conversation + "']");
            assertThat(browser.all("#conversation-table tr[data-conversation='" + userConversation + "']")).isEmpty();
        }
        browser.screenshot("user-erased");

        // Signing out forgets the key.
        browser.click("#sign-out");
        browser.text("main h1", "Sign in");
        assertThat(browser.script("return sessionStorage.length")).isEqualTo(0L);
    }

}
