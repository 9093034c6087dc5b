// installGlobalHandlers: uncaught errors are reported, and then Node crashes as it would have.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { test } from "node:test";

import { ErrorMonitor } from "../src/index.js";
import { installBrowserHandlers } from "../src/global-handlers.js";
import { startRecorder } from "./support/recorder.js";

const CRASH = new URL("./support/crash.js", import.meta.url).pathname;

/**
 * Run the crash fixture against a recorder; resolves with its exit code, output and the
 * reports the recorder received.
 *
 * @param {string} scenario
 * @param {string[]} [nodeFlags]
 */
export async function runCrash(scenario, nodeFlags = []) {
  const server = await startRecorder(() => ({ status: 201 }));
  try {
    const child = spawn(process.execPath, [...nodeFlags, CRASH, server.apiUrl, "tok", scenario]);
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    const code = await new Promise((resolve) => child.on("close", resolve));
    const reports = server.requests.map((request) => request.body.error);
    return { code, stdout, stderr, reports };
  } finally {
    await server.close();
  }
}

test("an uncaught exception is reported, then Node crashes as usual (stderr, exit 1)", async () => {
  const { code, stderr, reports } = await runCrash("uncaught");
  assert.equal(code, 1);
  assert.match(stderr, /Error: crash from the fixture\n\s+at /);
  assert.equal(reports.length, 1);
  assert.equal(reports[0].type, "Error");
  assert.equal(reports[0].message, "crash from the fixture");
  assert.equal(reports[0].severity, "critical");
  assert.deepEqual(reports[0].context, { mechanism: "uncaughtException" });
});

test("with exitOnUncaught: false the exception is reported and the program keeps running", async () => {
  const { code, stdout, reports } = await runCrash("uncaught-keep-running");
  assert.equal(code, 0);
  assert.match(stdout, /still running/);
  assert.equal(reports.length, 1);
});

test("when the program has its own uncaughtException listener, the SDK does not crash it", async () => {
  const { code, stdout, reports } = await runCrash("uncaught-with-own-listener");
  assert.equal(code, 0);
  assert.match(stdout, /own listener ran[\s\S]*still running/);
  assert.equal(reports.length, 1);
});

test("an unhandled rejection is reported once, then Node crashes as usual", async () => {
  const { code, stderr, reports } = await runCrash("rejection");
  assert.equal(code, 1);
  assert.match(stderr, /TypeError: rejected in the fixture/);
  assert.equal(reports.length, 1);
  assert.equal(reports[0].type, "TypeError");
  assert.deepEqual(reports[0].context, { mechanism: "unhandledRejection" });
});

test("a rejection with a non-Error is reported as NonError and crashes with Node's words", async () => {
  const { code, stderr, reports } = await runCrash("rejection-with-a-string");
  assert.equal(code, 1);
  assert.match(stderr, /The promise rejected with the reason "a plain reason"/);
  assert.equal(reports.length, 1);
  assert.deepEqual([reports[0].type, reports[0].message], ["NonError", "a plain reason"]);
});

test("under --unhandled-rejections=warn a rejection is reported and Node does not crash", async () => {
  const { code, reports } = await runCrash("rejection", ["--unhandled-rejections=warn"]);
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
  win.dispatchEvent(
    Object.assign(new Event("error"), { message: "Script error.", filename: "https://cdn/x.js", lineno: 3, colno: 7 }),
  );
  win.dispatchEvent(Object.assign(new Event("unhandledrejection"), { reason: new Error("async") }));
  assert.equal(await monitor.flush(2_000), true);
  const reports = server.requests.map((request) => request.body.error);
  assert.deepEqual(reports.map((r) => [r.type, r.message, r.context.mechanism]), [
    ["RangeError", "in the page", "onerror"],
    ["Error", "Script error.", "onerror"],
    ["Error", "async", "onunhandledrejection"],
  ]);
  assert.match(reports[1].stack_trace, /at https:\/\/cdn\/x\.js:3:7/);
  uninstall();
  win.dispatchEvent(Object.assign(new Event("error"), { error: new Error("after uninstall") }));
  assert.equal(await monitor.flush(1_000), true);
  assert.equal(server.requests.length, 3);
});

test("installGlobalHandlers twice installs once; its result removes the handlers", () => {
  const monitor = new ErrorMonitor({ projectToken: "token" });
  const before = process.listenerCount("uncaughtException");
  const uninstall = monitor.installGlobalHandlers();
  assert.equal(monitor.installGlobalHandlers(), uninstall);
  assert.equal(process.listenerCount("uncaughtException"), before + 1);
  uninstall();
  assert.equal(process.listenerCount("uncaughtException"), before);
  assert.equal(process.listenerCount("unhandledRejection"), 0);
});
