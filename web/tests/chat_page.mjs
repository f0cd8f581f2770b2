// Drives the chat page in headless Chromium (Debian's, through playwright-core) against the real servers, and
// prints what it saw as JSON for tests/e2e/test_web_page.py to assert on. Screenshots go to the folder given.
//   node web/tests/chat_page.mjs <page url> <screenshot folder>
import { chromium } from "playwright-core";

const [pageUrl, shots] = process.argv.slice(2);
const TIMEOUT = 60000;
const seen = { errors: [] };

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"],
});

// Each message starts with a visually hidden "Assistant: " or "You said: " for screen readers.
const spoken = (texts) => texts.map((text) => text.replace(/^(Assistant|You said):\s*/, ""));

async function botMessages(page) {
  return spoken(await page.locator(".message--bot").allInnerTexts());
}

// WCAG contrast ratio of each kind of text on its own background, computed from the page's styles.
function contrastRatios() {
  const luminance = (rgb) => {
    const [r, g, b] = rgb.match(/\d+(\.\d+)?/g).slice(0, 3).map(Number).map((c) => {
      const s = c / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const background = (el) => {
    for (; el; el = el.parentElement) {
      const colour = getComputedStyle(el).backgroundColor;
      if (colour && !colour.startsWith("rgba(0, 0, 0, 0)") && colour !== "transparent") return colour;
    }
    return "rgb(255, 255, 255)";
  };
  const ratios = {};
  for (const selector of [".message--bot", ".message--user", ".choices button", "#chat-send", ".chat__status", "#chat-input"]) {
    const el = document.querySelector(selector);
    if (!el) continue;
    const [a, b] = [luminance(getComputedStyle(el).color), luminance(background(el))];
    ratios[selector] = Math.round(((Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05)) * 100) / 100;
  }
  return ratios;
}

async function ask(page, text) {
  const before = await page.locator(".message--bot").count();
  await page.getByLabel("Your message").fill(text);
  await page.keyboard.press("Enter");
  await page.locator(".message--bot").nth(before).waitFor({ timeout: TIMEOUT });
  await page.waitForTimeout(800);  // a reply can come as several messages
  return (await botMessages(page)).slice(before);
}

try {
  const context = await browser.newContext({ viewport: { width: 1000, height: 900 } });
  const page = await context.newPage();
  page.on("pageerror", (error) => seen.errors.push(String(error)));
  page.on("console", (message) => { if (message.type() === "error") seen.errors.push(message.text()); });
  await page.goto(pageUrl);
  await page.getByText("Connected", { exact: true }).waitFor({ timeout: TIMEOUT });
  await page.getByRole("button", { name: "Send" }).and(page.locator(":enabled")).waitFor({ timeout: TIMEOUT });
  seen.welcome = (await botMessages(page))[0];
  seen.exampleButtons = await page.locator(".choices").first().getByRole("button").allInnerTexts();

  // The indicator may show and hide within a few milliseconds when the answer is quick: watch the attribute
  // change itself rather than poll for visibility.
  await page.evaluate(() => {
    window.typingShown = false;
    const typing = document.getElementById("chat-typing");
    new MutationObserver(() => { if (!typing.hidden) { window.typingShown = true; } }).observe(typing, { attributes: true });
  });
  seen.aboutStandard = await ask(page, "tell me about ST1406");
  seen.typingShown = await page.evaluate(() => window.typingShown);
  seen.k42 = await ask(page, "what does K42 cover");
  seen.k42Links = await page.locator(".message--bot").last().locator("a").evaluateAll((links) => links.map((a) => a.href));
  await page.screenshot({ path: `${shots}/chat-k42.png`, fullPage: false });

  seen.quizQuestion = await ask(page, "quiz me on ST1406");
  for (let i = 0; i < 3; i++) {  // a free-text question has no buttons: skip to one with choices
    if (await page.locator(".message--bot").last().locator(".choices button").count()) break;
    await ask(page, "skip");
  }
  const choices = page.locator(".message--bot").last().locator(".choices button");
  seen.quizChoices = await choices.allInnerTexts();
  const before = await page.locator(".message--bot").count();
  const clicked = await choices.first().elementHandle();  // this button, not whichever is last later
  await choices.first().focus();
  await page.keyboard.press("Enter");  // a button answered from the keyboard
  await page.locator(".message--bot").nth(before).waitFor({ timeout: TIMEOUT });
  await page.waitForTimeout(800);
  seen.afterClick = (await botMessages(page)).slice(before);
  seen.userMessages = spoken(await page.locator(".message--user").allInnerTexts());
  seen.spokenPrefix = /^You said:/.test(await page.locator(".message--user").last().innerText());
  seen.olderChoicesDisabled = await clicked.isDisabled();
  seen.stop = await ask(page, "stop");
  seen.contrast = await page.evaluate(contrastRatios);
  seen.unnamedControls = await page.evaluate(() =>
    [...document.querySelectorAll("button, input")].filter((el) => !(el.labels && el.labels.length) && !el.textContent.trim() && !el.getAttribute("aria-label")).length);

  seen.countBeforeReload = await page.locator(".message").count();
  await page.reload();
  await page.getByText("Connected", { exact: true }).waitFor({ timeout: TIMEOUT });
  await page.getByRole("button", { name: "Send" }).and(page.locator(":enabled")).waitFor({ timeout: TIMEOUT });
  seen.countAfterReload = await page.locator(".message").count();
  seen.historyAfterReload = spoken(await page.locator(".message").allInnerTexts());
  seen.sameConversation = await ask(page, "what does K1 cover");  // the standard is remembered: same session

  await page.getByRole("button", { name: "Start over" }).click();
  seen.countAfterStartOver = await page.locator(".message").count();
  seen.newConversation = await ask(page, "what does K1 cover");  // a new session: no standard yet

  // "forget me", confirmed with its button: the page drops its stored transcript and its session id.
  const SESSION = "apprentice-chat-session";
  seen.sessionBeforeForget = await page.evaluate((key) => localStorage.getItem(key), SESSION);
  await ask(page, "forget me");
  await page.getByRole("button", { name: "Yes, delete it" }).click();
  await page.waitForFunction(([key, old]) => { const now = localStorage.getItem(key); return now && now !== old; },
                             [SESSION, seen.sessionBeforeForget], { timeout: TIMEOUT });
  seen.shownAfterForget = spoken(await page.locator(".message").allInnerTexts());
  seen.storedAfterForget = await page.evaluate(() => JSON.parse(localStorage.getItem("apprentice-chat-history") || "[]").length);
  seen.sessionAfterForget = await page.evaluate((key) => localStorage.getItem(key), SESSION);

  const phone = await browser.newContext({ viewport: { width: 375, height: 740 }, isMobile: true });
  const small = await phone.newPage();
  await small.goto(pageUrl);
  await small.getByText("Connected", { exact: true }).waitFor({ timeout: TIMEOUT });
  seen.phoneOverflow = await small.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  await small.screenshot({ path: `${shots}/chat-phone.png` });
} catch (error) {
  seen.failure = String(error && error.stack || error);
} finally {
  await browser.close();
}
console.log(JSON.stringify(seen));
