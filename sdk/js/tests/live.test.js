// Against a real, running Error Monitor server: set EM_API_URL and EM_TOKEN to run these
// (tests/sdk/test_js_sdk.py does, and then checks that the reports reached Telegram).
import assert from "node:assert/strict";
import { test } from "node:test";

import { ErrorMonitor } from "../src/index.js";
import { runCrash } from "./support/run-crash.js";

const apiUrl = process.env.EM_API_URL ?? "";
const token = process.env.EM_TOKEN ?? "";
const skip = apiUrl && token ? false : "EM_API_URL and EM_TOKEN are not set: no real server";

// tests/sdk/test_js_sdk.py looks for these texts in the Telegram notifications.
export const LIVE_VERSION = "js-sdk-live";
export const LIVE_MESSAGE = "boom from the js sdk";

class ValueError extends Error {
  name = "ValueError";
}

/** A monitor for the real server, and the problems it reported. */
function liveMonitor(projectToken = token) {
  /** @type {import("../index.js").ErrorMonitorProblem[]} */
  const problems = [];
  const monitor = new ErrorMonitor({ projectToken, apiUrl, onError: (p) => problems.push(p) });
  return { monitor, problems };
}

test("the real server accepts a heartbeat", { skip }, async () => {
  const { monitor, problems } = liveMonitor();
  const sent = await monitor.sendHeartbeat({
    version: LIVE_VERSION,
    additionalData: { sdk: "error-monitor-sdk", runtime: `node ${process.version}` },
  });
  assert.deepEqual(problems.map(String), []);
  assert.equal(sent, true);
});

test("the real server accepts an error report", { skip }, async () => {
  const { monitor, problems } = liveMonitor();
  const sent = await monitor.sendError(new ValueError(LIVE_MESSAGE), {
    context: { important: "data" },
  });
  assert.deepEqual(problems.map(String), []);
  assert.equal(sent, true);
});

test("the real server accepts reports the SDK had to bend to fit", { skip }, async () => {
  const { monitor, problems } = liveMonitor();
  const huge = { blob: "x".repeat(2 * 1024 * 1024) };
  assert.equal(await monitor.sendError(new Error("huge context"), { context: huge }), true);
  const awkward = new Error(`NUL \u0000 and a lone surrogate \ud800 ${"m".repeat(70_000)}`);
  assert.equal(await monitor.sendError(awkward, { severity: "warn" }), true);
  assert.deepEqual(problems.map(String), []);
});

test("the real server refuses an unknown token; the SDK says so, no throw", { skip }, async () => {
  const { monitor, problems } = liveMonitor("no-such-token-for-this-server");
  assert.equal(await monitor.sendHeartbeat(), false);
  assert.equal(problems.length, 1);
  assert.equal(problems[0].reason, "rejected");
  assert.equal(problems[0].status, 401);
});

test("an uncaught exception reaches the real server before the crash", { skip }, async () => {
  const { code, stderr } = await runCrash({ apiUrl, token, scenario: "uncaught" });
  assert.equal(code, 1);
  assert.match(stderr, /Error: crash from the fixture/);
  assert.doesNotMatch(stderr, /error-monitor problem/);
});
