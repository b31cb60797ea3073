// End-to-end test of the demo page (www/) in headless Chromium against the emulator.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";
import { chromium } from "playwright-core";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const outDir = path.join(root, "tests/out");
let emu;
let base;
let browser;

async function startEmulator() {
  const bin = path.join(root, "target/release/airbyte-emulator");
  const child = spawn(bin, ["--port", "0", "--seed", "demo", "--job-duration-ms", "1500", "--www", "www", "--pkg", "pkg"], {
    cwd: root,
    stdio: ["ignore", "pipe", "inherit"],
  });
  const rl = createInterface({ input: child.stdout });
  const line = await new Promise((resolve, reject) => {
    rl.once("line", resolve);
    child.once("exit", (code) => reject(new Error(`emulator exited with ${code}`)));
  });
  const m = /^listening on (http:\/\/\S+)$/.exec(line);
  assert.ok(m, `unexpected first line: ${line}`);
  return { child, url: m[1] };
}

before(async () => {
  mkdirSync(outDir, { recursive: true });
  ({ child: emu, url: base } = await startEmulator());
  browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
});

after(async () => {
  await browser?.close();
  emu?.kill();
});

async function openPage(viewport = { width: 1280, height: 800 }) {
  const page = await browser.newPage({ viewport });
  const problems = [];
  page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
  page.on("dialog", (d) => {
    problems.push(`dialog: ${d.message()}`);
    d.dismiss().catch(() => {});
  });
  page.on("console", (m) => {
    if (m.type() === "error") problems.push(`console: ${m.text()}`);
  });
  await page.goto(base + "/");
  await page.locator("#connections tbody tr").first().waitFor();
  return { page, problems };
}

async function admin(pathname, body) {
  const res = await fetch(base + pathname, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  assert.ok(res.ok, `${pathname} → ${res.status}`);
}

const dialog = (page) => page.locator("#connection-dialog");
const row = (page, name) => page.locator("#connections tbody tr").filter({ has: page.locator("td.name", { hasText: name }) });

test("the page loads the seeded connections without errors or horizontal scroll", async () => {
  await admin("/__emulator/reset");
  const { page, problems } = await openPage();
  const rows = await page.locator("#connections tbody tr").count();
  assert.ok(rows >= 3, `expected seeded connections, saw ${rows}`);
  assert.equal(await page.getByLabel("Workspace").evaluate((el) => el.tagName), "SELECT");
  await page.getByLabel("Filter connections").fill("zzz-no-such-connection");
  assert.equal(await page.locator("#connections tbody tr").count(), 0);
  await page.getByLabel("Filter connections").fill("");
  await page.screenshot({ path: path.join(outDir, "demo-desktop.png"), fullPage: true });
  const csp = await page.evaluate(async () => (await fetch("/")).headers.get("content-security-policy"));
  assert.ok(csp && csp.includes("'wasm-unsafe-eval'") && !csp.includes("unsafe-inline") && !csp.includes("'unsafe-eval'"), `CSP: ${csp}`);
  await page.close();

  const narrow = await openPage({ width: 390, height: 844 });
  const overflow = await narrow.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `horizontal scroll of ${overflow}px at 390px`);
  await narrow.page.screenshot({ path: path.join(outDir, "demo-narrow.png"), fullPage: true });
  await narrow.page.close();
  assert.deepEqual([...problems, ...narrow.problems], []);
});

test("create, sync to success, cancel, disable/enable, edit schedule, delete", async () => {
  await admin("/__emulator/reset");
  const { page, problems } = await openPage();
  const name = "e2e-orders-to-bq";

  await page.getByRole("button", { name: "New connection" }).click();
  await dialog(page).getByLabel("Name").fill(name);
  await page.getByRole("button", { name: "Create connection" }).click();
  await row(page, name).waitFor();

  await page.getByRole("button", { name: `Sync now: ${name}` }).click();
  await page.locator("#jobs tbody tr .badge", { hasText: "succeeded" }).first().waitFor({ timeout: 15000 });

  await page.getByRole("button", { name: `Sync now: ${name}` }).click();
  const cancel = page.getByRole("button", { name: /^Cancel job/ }).first();
  await cancel.click();
  await page.locator("#jobs tbody tr .badge", { hasText: "cancelled" }).first().waitFor();

  await page.getByRole("button", { name: `Disable: ${name}` }).click();
  await row(page, name).locator(".badge", { hasText: "inactive" }).waitFor();
  await page.getByRole("button", { name: `Enable: ${name}` }).click();
  await row(page, name).locator(".badge", { hasText: "active" }).first().waitFor();

  await page.getByRole("button", { name: `Edit: ${name}` }).click();
  await dialog(page).getByLabel("Schedule").selectOption("cron");
  await dialog(page).getByLabel("Cron expression").fill("0 0 12 * * ?");
  await page.getByRole("button", { name: "Save connection" }).click();
  await row(page, name).locator("td", { hasText: "cron 0 0 12 * * ?" }).waitFor();

  await page.getByRole("button", { name: `Delete: ${name}` }).click();
  await page.getByRole("button", { name: `Delete ${name}` }).click();
  await row(page, name).waitFor({ state: "detached" });
  assert.deepEqual(problems, []);
  await page.close();
});

test("hostile names render as text and API errors are readable", async () => {
  await admin("/__emulator/reset");
  const { page, problems } = await openPage();
  const evil = "<img src=x onerror=alert(1)>";
  await page.getByRole("button", { name: "New connection" }).click();
  await dialog(page).getByLabel("Name").fill(evil);
  await page.getByRole("button", { name: "Create connection" }).click();
  await row(page, evil).waitFor();
  assert.equal(await page.locator("#connections img").count(), 0);
  await page.getByRole("button", { name: "Refresh" }).click();
  await row(page, evil).waitFor();

  await admin("/__emulator/faults", { method: "GET", path: "*/connections", status: 503, body: "rfc9457", count: 3 });
  await page.getByRole("button", { name: "Refresh" }).click();
  const notice = page.locator("#notice");
  await notice.waitFor();
  const text = await notice.textContent();
  assert.match(text, /503/);
  assert.doesNotMatch(text, /at \w+ \(|wasm-function|\n\s+at /);
  // The browser itself logs the injected 503; anything else is a page problem.
  assert.deepEqual(problems.filter((p) => !p.includes("status of 503")), []);
  await page.close();
});
