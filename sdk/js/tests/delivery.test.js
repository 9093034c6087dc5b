// Retries, backoff, Retry-After, timeouts and a dead server: the SDK keeps its promises.
import assert from "node:assert/strict";
import { test } from "node:test";

import { ErrorMonitor } from "../src/index.js";
import { KEEPALIVE_MAX_BYTES, parseRetryAfter, retryDelayMs } from "../src/transport.js";
import { deadApiUrl, startRecorder } from "./support/recorder.js";

const FAST = { projectToken: "token", retryBaseMs: 40, timeoutMs: 1_000 };

/** A monitor whose problems are collected in `problems`. */
function monitorFor(/** @type {string} */ apiUrl, options = {}) {
  /** @type {import("../index.js").ErrorMonitorProblem[]} */
  const problems = [];
  const monitor = new ErrorMonitor({
    ...FAST,
    apiUrl,
    onError: (problem) => problems.push(problem),
    ...options,
  });
  return { monitor, problems };
}

/** @param {{at: number}[]} requests */
function gaps(requests) {
  return requests.slice(1).map((request, index) => request.at - requests[index].at);
}

test("5xx answers are retried with growing waits until one succeeds", async (t) => {
  const server = await startRecorder((_, index) => ({ status: index < 2 ? 503 : 201 }));
  t.after(() => server.close());
  const { monitor, problems } = monitorFor(server.apiUrl);
  assert.equal(await monitor.sendError(new Error("flaky")), true);
  assert.equal(server.requests.length, 3);
  const [first, second] = gaps(server.requests);
  assert.ok(first >= 20 - 2, `first wait ${first} ms, expected ≥ 50 % of 40`);
  assert.ok(second >= 40 - 2, `second wait ${second} ms, expected ≥ 50 % of 80`);
  assert.deepEqual(problems, []);
});

test("429 waits at least as long as Retry-After asks", async (t) => {
  const server = await startRecorder((_, index) =>
    index === 0 ? { status: 429, headers: { "Retry-After": "1" } } : { status: 200 },
  );
  t.after(() => server.close());
  const { monitor } = monitorFor(server.apiUrl);
  assert.equal(await monitor.sendHeartbeat(), true);
  assert.equal(server.requests.length, 2);
  assert.ok(gaps(server.requests)[0] >= 990, `waited only ${gaps(server.requests)[0]} ms`);
});

test("a Retry-After longer than maxRetryDelayMs gives up instead of retrying early", async (t) => {
  const server = await startRecorder(() => ({ status: 503, headers: { "Retry-After": "120" } }));
  t.after(() => server.close());
  const { monitor, problems } = monitorFor(server.apiUrl, { maxRetryDelayMs: 1_000 });
  assert.equal(await monitor.sendHeartbeat(), false);
  assert.equal(server.requests.length, 1);
  assert.equal(problems[0].reason, "gave_up");
  assert.equal(problems[0].status, 503);
  assert.match(problems[0].message, /asked to wait 120000 ms/);
});

for (const status of [400, 401, 403, 404, 413]) {
  test(`a ${status} is not retried; onError gets the server's words`, async (t) => {
    const body = { ok: false, error: `the server's reason for ${status}` };
    const server = await startRecorder(() => ({ status, body }));
    t.after(() => server.close());
    const { monitor, problems } = monitorFor(server.apiUrl);
    assert.equal(await monitor.sendError(new Error("refused")), false);
    assert.equal(server.requests.length, 1);
    assert.equal(problems.length, 1);
    assert.equal(problems[0].reason, "rejected");
    assert.equal(problems[0].status, status);
    assert.equal(problems[0].path, "/log");
    assert.match(problems[0].message, new RegExp(`HTTP ${status}: .*reason for ${status}`));
  });
}

test("retries stop after maxRetries and the report is given up", async (t) => {
  const server = await startRecorder(() => ({ status: 500 }));
  t.after(() => server.close());
  const { monitor, problems } = monitorFor(server.apiUrl, { maxRetries: 2, retryBaseMs: 5 });
  assert.equal(await monitor.sendHeartbeat(), false);
  assert.equal(server.requests.length, 3);
  assert.equal(problems[0].reason, "gave_up");
  assert.equal(problems[0].attempts, 3);
});

test("a server that never answers times out per attempt", async (t) => {
  const server = await startRecorder(() => ({ delayMs: 10_000 }));
  t.after(() => server.close());
  const { monitor, problems } = monitorFor(server.apiUrl, {
    timeoutMs: 100,
    maxRetries: 1,
    retryBaseMs: 10,
  });
  const started = Date.now();
  assert.equal(await monitor.sendHeartbeat(), false);
  const took = Date.now() - started;
  assert.ok(took >= 200 && took < 1_500, `took ${took} ms for 2 attempts of 100 ms`);
  assert.equal(server.requests.length, 2);
  assert.match(problems[0].message, /no answer within 100 ms/);
});

test("a dead server never throws, rejects or leaks an unhandled rejection", async (t) => {
  const unhandled = [];
  const onUnhandled = (/** @type {unknown} */ reason) => unhandled.push(reason);
  process.on("unhandledRejection", onUnhandled);
  t.after(() => process.off("unhandledRejection", onUnhandled));
  const { monitor, problems } = monitorFor(await deadApiUrl(), { retryBaseMs: 5, maxRetries: 2 });
  // Fire and forget, as a careless caller would.
  monitor.sendError(new Error("nobody listens"));
  monitor.sendHeartbeat({ version: "1" });
  assert.equal(await monitor.sendError("a string"), false);
  assert.equal(await monitor.flush(5_000), true);
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(unhandled, []);
  assert.equal(problems.length, 3);
  assert.ok(problems.every((problem) => problem.reason === "gave_up" && problem.attempts === 3));
  assert.match(problems[0].message, /ECONNREFUSED/);
});

test("an onError that throws or rejects is ignored", async () => {
  const url = await deadApiUrl();
  const throwing = () => {
    throw new Error("bad callback");
  };
  const rejecting = () => Promise.reject(new Error("bad callback"));
  for (const onError of [throwing, rejecting]) {
    const monitor = new ErrorMonitor({ ...FAST, apiUrl: url, maxRetries: 0, onError });
    assert.equal(await monitor.sendHeartbeat(), false);
  }
});

test("a fetch that throws synchronously is one more failure, not an exception", async () => {
  const problems = [];
  const monitor = new ErrorMonitor({
    ...FAST,
    maxRetries: 1,
    retryBaseMs: 1,
    fetch: () => {
      throw new TypeError("no fetch here");
    },
    onError: (problem) => problems.push(problem),
  });
  assert.equal(await monitor.sendError(new Error("x")), false);
  assert.match(problems[0].message, /no fetch here/);
});

test("Retry-After is read as seconds or as an HTTP date", () => {
  const now = Date.parse("2026-01-01T00:00:00Z");
  assert.equal(parseRetryAfter("5", now), 5_000);
  assert.equal(parseRetryAfter("Thu, 01 Jan 2026 00:00:30 GMT", now), 30_000);
  assert.equal(parseRetryAfter("Wed, 31 Dec 2025 00:00:00 GMT", now), 0);
  assert.equal(parseRetryAfter("soon", now), undefined);
  assert.equal(parseRetryAfter(null, now), undefined);
});

test("backoff doubles per attempt, is jittered, capped, and never undercuts Retry-After", () => {
  const settings = { retryBaseMs: 100, maxRetryDelayMs: 1_000 };
  const low = { ...settings, random: () => 0 };
  const high = { ...settings, random: () => 1 };
  assert.deepEqual([1, 2, 3].map((n) => retryDelayMs(n, undefined, high)), [100, 200, 400]);
  assert.deepEqual([1, 2, 3].map((n) => retryDelayMs(n, undefined, low)), [50, 100, 200]);
  assert.equal(retryDelayMs(10, undefined, high), 1_000);
  assert.equal(retryDelayMs(1, 5_000, high), 5_000);
});

test("a report goes with keepalive unless its body is over the browsers' 64 KiB quota", async () => {
  /** @type {(boolean | undefined)[]} */
  const keepalive = [];
  const monitor = new ErrorMonitor({
    ...FAST,
    apiUrl: "http://monitor.invalid/api/v1",
    fetch: async (_input, init) => {
      keepalive.push(init.keepalive);
      return new Response("{}", { status: 201 });
    },
  });
  assert.equal(await monitor.sendError(new Error("small")), true);
  const large = { trace: "x".repeat(KEEPALIVE_MAX_BYTES) };
  assert.equal(await monitor.sendError(new Error("large"), { context: large }), true);
  assert.deepEqual(keepalive, [true, false]);
});
