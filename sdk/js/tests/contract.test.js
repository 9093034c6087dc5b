// The SDK sends exactly the bodies in contracts/ (the server's tests send the same files).
import assert from "node:assert/strict";
import { after, before, test } from "node:test";

import { ErrorMonitor } from "../src/index.js";
import { loadContract, matchesContract } from "./support/contracts.js";
import { startRecorder } from "./support/recorder.js";

const TOKEN = "contract-token";

class ValueError extends Error {
  name = "ValueError";
}

/** @type {Awaited<ReturnType<typeof startRecorder>>} */
let server;
before(async () => {
  server = await startRecorder((request) => ({
    status: request.path.endsWith("/log") ? 201 : 200,
  }));
});
after(() => server.close());

function monitor() {
  return new ErrorMonitor({ projectToken: TOKEN, apiUrl: server.apiUrl });
}

/** The one request the SDK made for `send`. */
async function requestSentBy(/** @type {() => Promise<boolean>} */ send) {
  const before = server.requests.length;
  assert.equal(await send(), true);
  assert.equal(server.requests.length, before + 1);
  return server.requests[before];
}

test("sendHeartbeat sends the heartbeat.sdk.json contract", async () => {
  const contract = loadContract("heartbeat.sdk.json");
  const sent = await requestSentBy(() =>
    monitor().sendHeartbeat({ version: "1.0.0", additionalData: { env: "production" } }),
  );
  assert.equal(sent.method, contract.method);
  assert.equal(sent.path, contract.path);
  assert.match(String(sent.headers["content-type"]), /^application\/json/);
  assert.ok(matchesContract(sent.body, contract.body, TOKEN), JSON.stringify(sent.body));
});

test("sendError sends the log.sdk.json contract, with the stack as stack_trace", async () => {
  const contract = loadContract("log.sdk.json");
  const error = new ValueError("boom");
  const sent = await requestSentBy(() =>
    monitor().sendError(error, { context: { important: "data" } }),
  );
  assert.equal(sent.method, contract.method);
  assert.equal(sent.path, contract.path);
  assert.ok(matchesContract(sent.body, contract.body, TOKEN), JSON.stringify(sent.body));
  assert.equal(sent.body.error.stack_trace, error.stack);
});

test("the contract matcher rejects extra keys, wrong tokens and wrong kinds", () => {
  const { body } = loadContract("log.sdk.json");
  const good = {
    project_token: TOKEN,
    error: {
      type: "ValueError",
      message: "boom",
      stack_trace: "ValueError: boom",
      severity: "error",
      context: { important: "data" },
    },
  };
  assert.ok(matchesContract(good, body, TOKEN));
  assert.ok(!matchesContract({ ...good, extra: 1 }, body, TOKEN));
  assert.ok(!matchesContract(good, body, "another-token"));
  assert.ok(!matchesContract({ ...good, error: { ...good.error, stack_trace: 1 } }, body, TOKEN));
  assert.ok(!matchesContract({ ...good, error: { ...good.error, severity: "info" } }, body, TOKEN));
  assert.ok(!matchesContract({ ...good, error: { ...good.error, context: [] } }, body, TOKEN));
  assert.ok(!matchesContract({ a: [] }, { a: "<object>" }, TOKEN));
});
