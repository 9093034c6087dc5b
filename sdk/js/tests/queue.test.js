// The bounded queue: order, the bound, flush, and heartbeats that do not pile up.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { test } from "node:test";

import { ErrorMonitor } from "../src/index.js";
import { gate, startRecorder } from "./support/recorder.js";

test("reports are sent one at a time, in the order they were made", async (t) => {
  const server = await startRecorder(() => ({ delayMs: 20 }));
  t.after(() => server.close());
  const monitor = new ErrorMonitor({ projectToken: "token", apiUrl: server.apiUrl });
  const results = await Promise.all(
    [1, 2, 3, 4].map((n) => monitor.sendError(new Error(`error ${n}`))),
  );
  assert.deepEqual(results, [true, true, true, true]);
  const messages = server.requests.map((request) => request.body.error.message);
  assert.deepEqual(messages, ["error 1", "error 2", "error 3", "error 4"]);
  const overlaps = server.requests.slice(1).filter((r, i) => r.at - server.requests[i].at < 15);
  assert.deepEqual(overlaps, [], "a request started before the previous one was answered");
});

test("a full queue drops its oldest waiting report and tells onError", async (t) => {
  const release = gate();
  const server = await startRecorder(() => ({ until: release.opened }));
  t.after(() => server.close());
  /** @type {import("../index.js").ErrorMonitorProblem[]} */
  const problems = [];
  const monitor = new ErrorMonitor({
    projectToken: "token",
    apiUrl: server.apiUrl,
    maxQueue: 3,
    onError: (problem) => problems.push(problem),
  });
  const sent = ["in flight", "oldest waiting", "waiting", "newest"].map((message) =>
    monitor.sendError(new Error(message)),
  );
  assert.equal(await sent[1], false, "the oldest waiting report was not dropped");
  assert.deepEqual(problems.map((p) => [p.reason, p.path]), [["queue_full", "/log"]]);
  release.open();
  assert.deepEqual(await Promise.all(sent), [true, false, true, true]);
  const messages = server.requests.map((r) => r.body.error.message);
  assert.deepEqual(messages, ["in flight", "waiting", "newest"]);
});

test("with maxQueue 1 a report made while another is in flight is dropped", async (t) => {
  const release = gate();
  const server = await startRecorder(() => ({ until: release.opened }));
  t.after(() => server.close());
  const monitor = new ErrorMonitor({ projectToken: "token", apiUrl: server.apiUrl, maxQueue: 1 });
  const first = monitor.sendHeartbeat();
  assert.equal(await monitor.sendHeartbeat(), false);
  release.open();
  assert.equal(await first, true);
  assert.equal(server.requests.length, 1);
});

test("flush resolves true once the queue is empty, false when time runs out first", async (t) => {
  const release = gate();
  const server = await startRecorder(() => ({ until: release.opened }));
  t.after(() => server.close());
  const monitor = new ErrorMonitor({ projectToken: "token", apiUrl: server.apiUrl });
  assert.equal(await monitor.flush(10), true, "an idle monitor is flushed at once");
  const sent = monitor.sendHeartbeat();
  assert.equal(await monitor.flush(50), false);
  release.open();
  assert.equal(await monitor.flush(2_000), true);
  assert.equal(await sent, true);
});

test("startHeartbeat beats now and every interval until stopHeartbeat", async (t) => {
  const server = await startRecorder();
  t.after(() => server.close());
  const monitor = new ErrorMonitor({ projectToken: "token", apiUrl: server.apiUrl });
  monitor.startHeartbeat({ intervalMs: 40, version: "2.0.0", additionalData: { env: "test" } });
  await sleep(150);
  monitor.stopHeartbeat();
  await monitor.flush(1_000);
  const beats = server.requests.length;
  // At least the immediate beat and one from the interval, even on a loaded machine.
  assert.ok(beats >= 2 && beats <= 5, `${beats} heartbeats in 150 ms at 40 ms`);
  assert.deepEqual(server.requests[0].body, {
    project_token: "token",
    status: "alive",
    version: "2.0.0",
    metadata: { env: "test" },
  });
  await sleep(100);
  assert.equal(server.requests.length, beats, "heartbeats continued after stopHeartbeat");
});

test("a heartbeat is skipped while the previous one is still being delivered", async (t) => {
  const server = await startRecorder(() => ({ delayMs: 200 }));
  t.after(() => server.close());
  const monitor = new ErrorMonitor({ projectToken: "token", apiUrl: server.apiUrl });
  monitor.startHeartbeat({ intervalMs: 20 });
  await sleep(300);
  monitor.stopHeartbeat();
  await monitor.flush(1_000);
  assert.ok(server.requests.length <= 2, `${server.requests.length} heartbeats piled up`);
});

const SDK_URL = new URL("../src/index.js", import.meta.url).href;

test("the heartbeat timer does not keep a finished Node program alive", () => {
  const script = `
    import { ErrorMonitor } from ${JSON.stringify(SDK_URL)};
    const monitor = new ErrorMonitor({ projectToken: "t", apiUrl: "http://127.0.0.1:9/api/v1",
      maxRetries: 0, timeoutMs: 200 });
    monitor.startHeartbeat({ intervalMs: 60_000 });
  `;
  const child = spawnSync(process.execPath, ["--input-type=module", "-e", script], {
    timeout: 5_000,
  });
  assert.equal(child.error, undefined, "the program did not exit on its own");
  assert.equal(child.status, 0, String(child.stderr));
});

test("invalid options throw a TypeError at construction, not later", () => {
  assert.throws(() => new ErrorMonitor(/** @type {any} */ ({ projectToken: 42 })), /projectToken/);
  assert.throws(() => new ErrorMonitor({ projectToken: "t", apiUrl: "localhost:8000" }), /apiUrl/);
  assert.throws(() => new ErrorMonitor({ projectToken: "t", timeoutMs: 0 }), /timeoutMs/);
  assert.throws(() => new ErrorMonitor({ projectToken: "t", maxRetries: -1 }), /maxRetries/);
  const monitor = new ErrorMonitor({ projectToken: "t" });
  assert.throws(() => monitor.startHeartbeat({ intervalMs: -5 }), /intervalMs/);
});

test("without a token the monitor warns once, sends nothing and resolves false", async (t) => {
  const server = await startRecorder();
  t.after(() => server.close());
  const warn = t.mock.method(console, "warn", () => {});
  const projectToken = process.env.EM_SURELY_UNSET_TOKEN;
  const monitor = new ErrorMonitor({ projectToken, apiUrl: server.apiUrl });
  assert.equal(warn.mock.callCount(), 1);
  assert.match(String(warn.mock.calls[0].arguments[0]), /projectToken is empty/);
  assert.equal(await monitor.sendHeartbeat(), false);
  assert.equal(await monitor.sendError(new Error("x")), false);
  const counts = () => process.listenerCount("uncaughtException");
  const before = counts();
  monitor.installGlobalHandlers()();
  assert.equal(counts(), before);
  assert.equal(await monitor.flush(100), true);
  assert.equal(server.requests.length, 0);
  assert.equal(warn.mock.callCount(), 1);
});

function sleep(/** @type {number} */ ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
