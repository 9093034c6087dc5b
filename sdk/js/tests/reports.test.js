// What the SDK makes of awkward input: it bends reports to fit the server rather than lose them.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";

import { ErrorMonitor } from "../src/index.js";
import { clip, describeError } from "../src/reports.js";
import { startRecorder } from "./support/recorder.js";

/** @type {Awaited<ReturnType<typeof startRecorder>>} */
let server;
before(async () => {
  server = await startRecorder(() => ({ status: 201 }));
});
after(() => server.close());

/** The `error` object the server received for sendError(error, options). */
async function sentError(/** @type {unknown} */ error, options = {}, monitorOptions = {}) {
  const problems = [];
  const monitor = new ErrorMonitor({
    projectToken: "token",
    apiUrl: server.apiUrl,
    onError: (problem) => problems.push(problem),
    ...monitorOptions,
  });
  assert.equal(await monitor.sendError(error, options), true);
  return { sent: server.requests.at(-1)?.body.error, problems };
}

test("the type is the error's name, or its class name when name was left as 'Error'", () => {
  class ValueError extends Error {
    name = "ValueError";
  }
  class PaymentDeclined extends Error {}
  assert.equal(describeError(new ValueError("x")).type, "ValueError");
  assert.equal(describeError(new PaymentDeclined("x")).type, "PaymentDeclined");
  assert.equal(describeError(new TypeError("x")).type, "TypeError");
  assert.equal(describeError(new Error("x")).type, "Error");
});

test("thrown non-Errors are reported as NonError with their value as the message", () => {
  assert.deepEqual(describeError("plain text"), {
    type: "NonError",
    message: "plain text",
    stackTrace: undefined,
  });
  assert.equal(describeError({ code: 42 }).message, '{"code":42}');
  assert.equal(describeError(undefined).message, "undefined");
  assert.equal(describeError(Symbol("s")).message, "Symbol(s)");
});

test("the stack trace includes the cause chain", () => {
  const root = new Error("connection reset");
  const error = new Error("checkout failed", { cause: root });
  const { stackTrace } = describeError(error);
  assert.ok(stackTrace?.startsWith(String(error.stack)));
  assert.ok(stackTrace?.includes(`\nCaused by: ${root.stack}`));
});

test("a circular cause chain does not loop forever", () => {
  const error = new Error("a");
  error.cause = error;
  assert.equal(describeError(error).stackTrace?.split("Caused by").length, 1 + 5);
});

test("a circular or BigInt context is still sent", async () => {
  const context = { id: 10n, nested: {} };
  context.nested = { parent: context };
  const { sent } = await sentError(new Error("x"), { context });
  assert.deepEqual(sent.context, { id: "10", nested: { parent: "[Circular]" } });
});

test("Maps, Sets and Errors in a context keep their content instead of becoming {}", async () => {
  const context = { map: new Map([["a", 1]]), set: new Set([1, 2]), cause: new RangeError("r") };
  const { sent } = await sentError(new Error("x"), { context });
  assert.deepEqual(sent.context, { map: { a: 1 }, set: [1, 2], cause: "RangeError: r" });
});

test("NUL characters and lone surrogates, which the server refuses, are replaced", async () => {
  const { sent } = await sentError(new Error("a\u0000b \ud800 c"), { context: { k: "x\u0000" } });
  assert.equal(sent.message, "a\ufffdb \ufffd c");
  assert.equal(sent.context.k, "x\ufffd");
});

test("texts over the server's limits are clipped, not rejected", async () => {
  const longError = { name: "N".repeat(300), message: "m".repeat(70_000), stack: "s" };
  const { sent } = await sentError(longError);
  assert.equal(sent.type.length, 256);
  assert.equal(sent.message.length, 65_536);
  assert.ok(sent.message.endsWith("…"));
});

test("clipping never splits a surrogate pair", () => {
  const clipped = clip(`ab${"😀".repeat(5)}`, 5);
  assert.equal(clipped, "ab😀…");
});

test("a context too large for the server is replaced by a note; the error arrives", async () => {
  const context = { blob: "x".repeat(2_000) };
  const { sent } = await sentError(new Error("big"), { context }, { maxBodyBytes: 1_000 });
  assert.equal(sent.message, "big");
  assert.match(sent.context.error_monitor_sdk, /over the 1000-byte limit/);
});

test("a context that cannot be serialised is replaced by a note", async () => {
  const context = {
    get broken() {
      throw new Error("getter fails");
    },
  };
  const { sent } = await sentError(new Error("x"), { context });
  assert.match(sent.context.error_monitor_sdk, /could not be turned into JSON/);
});

test("an unknown severity is sent as 'error'; a non-object context is wrapped", async () => {
  const { sent, problems } = await sentError(new Error("x"), {
    severity: /** @type {any} */ ("loud"),
    context: /** @type {any} */ (["a", "b"]),
  });
  assert.equal(sent.severity, "error");
  assert.deepEqual(sent.context, { value: ["a", "b"] });
  assert.equal(problems[0].reason, "invalid_input");
});

test("severities and their server-side aliases are sent as given", async () => {
  for (const severity of ["debug", "info", "warning", "error", "critical", "warn", "fatal"]) {
    const { sent } = await sentError(new Error("x"), { severity: /** @type {any} */ (severity) });
    assert.equal(sent.severity, severity);
  }
});

test("a context changed after sendError does not change the report", async () => {
  const context = { step: "before" };
  const monitor = new ErrorMonitor({ projectToken: "token", apiUrl: server.apiUrl });
  const sending = monitor.sendError(new Error("x"), { context });
  context.step = "after";
  assert.equal(await sending, true);
  assert.equal(server.requests.at(-1)?.body.error.context.step, "before");
});
