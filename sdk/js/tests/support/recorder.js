/**
 * A tiny local HTTP server that records every request and answers as the test scripts it.
 */
import http from "node:http";
import net from "node:net";
import { setTimeout as sleep } from "node:timers/promises";

/**
 * @typedef {object} Recorded
 * @property {string} method
 * @property {string} path
 * @property {http.IncomingHttpHeaders} headers
 * @property {any} body parsed JSON, or the raw text when it is not JSON
 * @property {number} at Date.now() when the request arrived
 */

/**
 * @typedef {object} Reply
 * @property {number} [status] default 200
 * @property {Record<string, string>} [headers]
 * @property {unknown} [body] default {ok: true}
 * @property {number} [delayMs] wait this long before answering
 * @property {Promise<unknown>} [until] answer only once this settles
 */

/**
 * @param {(request: Recorded, index: number) => Reply} [reply] index counts from 0
 */
export async function startRecorder(reply = () => ({})) {
  /** @type {Recorded[]} */
  const requests = [];
  // Cancels delayed answers on close, so their timers do not keep the test process alive.
  const closing = new AbortController();
  const server = http.createServer(async (req, res) => {
    const request = await readRequest(req);
    requests.push(request);
    await answer(res, reply(request, requests.length - 1), closing.signal).catch(() => {});
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(undefined)));
  const { port } = /** @type {net.AddressInfo} */ (server.address());
  return {
    apiUrl: `http://127.0.0.1:${port}/api/v1`,
    requests,
    async close() {
      closing.abort();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** @param {http.IncomingMessage} req @returns {Promise<Recorded>} */
async function readRequest(req) {
  const at = Date.now();
  let text = "";
  for await (const chunk of req) text += chunk;
  let body = text;
  try {
    body = JSON.parse(text);
  } catch {
    // Keep the raw text: the test will show what was sent.
  }
  return { method: req.method ?? "", path: req.url ?? "", headers: req.headers, body, at };
}

/**
 * @param {http.ServerResponse} res
 * @param {Reply} reply
 * @param {AbortSignal} closing
 */
async function answer(res, reply, closing) {
  const { status = 200, headers = {}, body = { ok: true }, delayMs, until } = reply;
  if (delayMs) await sleep(delayMs, undefined, { signal: closing });
  if (until) await until.catch(() => {});
  if (res.destroyed) return;
  res.writeHead(status, { "Content-Type": "application/json", ...headers });
  res.end(JSON.stringify(body));
}

/** A URL where nothing listens: connections are refused at once. */
export async function deadApiUrl() {
  const server = net.createServer();
  await new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(undefined)));
  const { port } = /** @type {net.AddressInfo} */ (server.address());
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}/api/v1`;
}

/** A promise and the function that resolves it. */
export function gate() {
  /** @type {(value?: unknown) => void} */
  let open = () => {};
  const opened = new Promise((resolve) => {
    open = resolve;
  });
  return { opened, open };
}
