// installGlobalHandlers: uncaught errors are reported, and then Node crashes as it would have.
import assert from "node:assert/strict";
import { test } from "node:test";

import { ErrorMonitor } from "../src/index.js";
import { installBrowserHandlers } from "../src/global-handlers.js";
import { startRecorder } from "./support/recorder.js";
import { runCrash } from "./support/run-crash.js";

/**
 * Run the crash fixture against a recorder: its exit code, output and the reports it sent.
 *
 * @param {string} scenario
 * @param {string[]} [nodeFlags]
 */
async function crashAgainstRecorder(scenario, nodeFlags = []) {
  const server = await startRecorder(() => ({ status: 201 }));
  try {
    const result = await runCrash({ apiUrl: server.apiUrl, token: "tok", scenario, nodeFlags });
    assert.doesNotMatch(result.stderr, /error-monitor problem/);
    return { ...result, reports: server.requests.map((request) => request.body.error) };
  } finally {
    await server.close();
  }
}

test("an uncaught exception is reported, then Node crashes as usual", async () => {
  const { code, stderr, reports } = await crashAgainstRecorder("uncaught");
  assert.equal(code, 1);
  assert.match(stderr, /Error: crash from the fixture\n\s+at /);
  assert.equal(reports.length, 1);
  assert.equal(reports[0].type, "Error");
  assert.equal(reports[0].message, "crash from the fixture");
  assert.equal(reports[0].severity, "critical");
  assert.deepEqual(reports[0].context, { mechanism: "uncaughtException" });
});

test("with exitOnUncaught: false the program is reported and keeps running", async () => {
  const { code, stdout, reports } = await crashAgainstRecorder("uncaught-keep-running");
  assert.equal(code, 0);
  assert.match(stdout, /still running/);
  assert.equal(reports.length, 1);
});

test("a program with its own uncaughtException listener is not crashed", async () => {
  const { code, stdout, reports } = await crashAgainstRecorder("uncaught-with-own-listener");
  assert.equal(code, 0);
  assert.match(stdout, /own listener ran[\s\S]*still running/);
  assert.equal(reports.length, 1);
});

test("an unhandled rejection is reported once, then Node crashes as usual", async () => {
  const { code, stderr, reports } = await crashAgainstRecorder("rejection");
  assert.equal(code, 1);
  assert.match(stderr, /TypeError: rejected in the fixture/);
  assert.equal(reports.length, 1);
  assert.equal(reports[0].type, "TypeError");
  assert.deepEqual(reports[0].context, { mechanism: "unhandledRejection" });
});

test("a non-Error rejection is reported as NonError; the crash uses Node's words", async () => {
  const { code, stderr, reports } = await crashAgainstRecorder("rejection-with-a-string");
  assert.equal(code, 1);
  assert.match(stderr, /The promise rejected with the reason "a plain reason"/);
  assert.equal(reports.length, 1);
  assert.deepEqual([reports[0].type, reports[0].message], ["NonError", "a plain reason"]);
});

test("under --unhandled-rejections=warn a rejection is reported, no crash", async () => {
  const flags = ["--unhandled-rejections=warn"];
  const { code, reports } = await crashAgainstRecorder("rejection", flags);
  assert.equal(code, 0);
  assert.equal(reports.length, 1);
});

test("in a browser, window error and unhandledrejection events are reported", async (t) => {
  const server = await startRecorder(() => ({ status: 201 }));
  t.after(() => server.close());
  const monitor = new ErrorMonitor({ projectToken: "token", apiUrl: server.apiUrl });
  const win = new EventTarget();
  const uninstall = installBrowserHandlers(monitor, win);
  win.dispatchEvent(Object.assign(new Event("error"), { error: new RangeError("in the page") }));
  const crossOrigin = { message: "Script error.", filename: "https://cdn/x.js", lineno: 3 };
  win.dispatchEvent(Object.assign(new Event("error"), crossOrigin));
  const rejection = { reason: new Error("async") };
  win.dispatchEvent(Object.assign(new Event("unhandledrejection"), rejection));
  assert.equal(await monitor.flush(2_000), true);
  const reports = server.requests.map((request) => request.body.error);
  assert.deepEqual(reports.map((r) => [r.type, r.message, r.context.mechanism]), [
    ["RangeError", "in the page", "onerror"],
    ["Error", "Script error.", "onerror"],
    ["Error", "async", "onunhandledrejection"],
  ]);
  assert.match(reports[1].stack_trace, /at https:\/\/cdn\/x\.js:3:0/);
  uninstall();
  win.dispatchEvent(Object.assign(new Event("error"), { error: new Error("after uninstall") }));
  assert.equal(await monitor.flush(1_000), true);
  assert.equal(server.requests.length, 3);
});

test("installGlobalHandlers twice installs once; its result removes the handlers", () => {
  const monitor = new ErrorMonitor({ projectToken: "token" });
  const counts = () =>
    ["uncaughtException", "unhandledRejection"].map((event) => process.listenerCount(event));
  const [exceptions, rejections] = counts();
  const uninstall = monitor.installGlobalHandlers();
  assert.equal(monitor.installGlobalHandlers(), uninstall);
  assert.deepEqual(counts(), [exceptions + 1, rejections + 1]);
  uninstall();
  assert.deepEqual(counts(), [exceptions, rejections]);
});
