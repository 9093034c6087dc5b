// The server's Sentry-compatible door, fed by the real @sentry/node. Set EM_SENTRY_DSN
// (http://<token>@127.0.0.1:<port>/<project_id>) to run it.
import assert from "node:assert/strict";
import { test } from "node:test";

const dsn = process.env.EM_SENTRY_DSN ?? "";
const skip = dsn ? false : "EM_SENTRY_DSN is not set: no Sentry-compatible endpoint to test";

export const SENTRY_MESSAGE = "from sentry node";

test("@sentry/node delivers a captured exception to the server", { skip }, async () => {
  // Imported here so that the skipped case does not pay for loading OpenTelemetry.
  const Sentry = await import("@sentry/node");
  /** @type {Promise<Answer>[]} */
  const answers = [];
  Sentry.init({ dsn, transport: recordingTransport(Sentry.makeNodeTransport, answers) });
  Sentry.captureException(new Error(SENTRY_MESSAGE));
  assert.equal(await Sentry.flush(5000), true);
  // flush() is true even when the server refused the envelope: check the answers too. They are
  // awaited because flush() may resolve a few microtasks before our wrapper has seen them.
  const events = (await Promise.all(answers)).filter((answer) => answer.type === "event");
  assert.equal(events.length, 1, JSON.stringify(events));
  const status = events[0].status ?? 0;
  assert.ok(status >= 200 && status < 300, `the envelope got HTTP ${status}`);
});

/** @typedef {{type: string, status: number | undefined}} Answer */

/**
 * Sentry's own Node transport, noting the HTTP status each envelope got.
 *
 * @param {(options: any) => any} makeTransport
 * @param {Promise<Answer>[]} answers
 */
function recordingTransport(makeTransport, answers) {
  return (/** @type {any} */ options) => {
    const transport = makeTransport(options);
    return {
      ...transport,
      send(/** @type {any} */ envelope) {
        const type = envelope[1]?.[0]?.[0]?.type ?? "unknown";
        const sending = transport.send(envelope);
        answers.push(sending.then((/** @type {any} */ response) => ({
          type,
          status: response?.statusCode,
        })));
        return sending;
      },
    };
  };
}
