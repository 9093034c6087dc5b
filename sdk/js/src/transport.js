/**
 * One report, one POST, retried when retrying can help.
 *
 * Retried: network failures, timeouts, 5xx and 429 (the server is busy or down, or a proxy in
 * front of it is). Not retried: any other 4xx, because the same body and token will get the
 * same answer. Nothing in this module throws or rejects: every path ends in an Outcome.
 */

import { byteLength } from "./reports.js";

/**
 * @typedef {object} Outcome
 * @property {boolean} ok the server answered 2xx
 * @property {number} [status] the last HTTP status, when an answer arrived
 * @property {number} attempts how many requests were made
 * @property {string} detail what happened, for onError
 */

/**
 * @typedef {object} DeliverySettings
 * @property {(input: string, init: RequestInit) => Promise<Response>} fetch
 * @property {number} timeoutMs per attempt, including reading the answer
 * @property {number} maxRetries attempts after the first one
 * @property {number} retryBaseMs the first backoff; each later one doubles
 * @property {number} maxRetryDelayMs the longest backoff; a longer Retry-After makes the SDK give
 *   up rather than retry sooner than the server asked
 * @property {() => number} [random] for tests; Math.random by default
 */

const DETAIL_LIMIT = 300;
/**
 * Browsers let a `keepalive` request outlive its page (a report sent as the tab closes still
 * arrives), but refuse one whose body, with every other keepalive body of the page still in
 * flight, exceeds 64 KiB (the Fetch standard's quota): a larger report is sent without it.
 */
export const KEEPALIVE_MAX_BYTES = 64 * 1024;

/**
 * POST `json` to `url`, retrying with exponential backoff.
 *
 * @param {DeliverySettings} settings
 * @param {string} url
 * @param {string} json
 * @returns {Promise<Outcome>}
 */
export async function deliver(settings, url, json) {
  for (let attempt = 1; ; attempt += 1) {
    const answer = await postOnce(settings, url, json);
    const outcome = { ...answer, attempts: attempt };
    if (answer.ok || !answer.retryable) return outcome;
    if (attempt > settings.maxRetries) {
      return { ...outcome, detail: `gave up after ${attempt} attempts: ${answer.detail}` };
    }
    if ((answer.retryAfterMs ?? 0) > settings.maxRetryDelayMs) {
      const asked = `the server asked to wait ${answer.retryAfterMs} ms`;
      return { ...outcome, detail: `${asked}, more than maxRetryDelayMs: ${answer.detail}` };
    }
    await sleep(retryDelayMs(attempt, answer.retryAfterMs, settings));
  }
}

/**
 * @typedef {object} Answer
 * @property {boolean} ok
 * @property {boolean} retryable
 * @property {number} [status]
 * @property {number} [retryAfterMs]
 * @property {string} detail
 */

/**
 * One request under a timeout that also covers reading the answer's body (a server may send
 * headers and then stall).
 *
 * @param {DeliverySettings} settings
 * @param {string} url
 * @param {string} json
 * @returns {Promise<Answer>}
 */
async function postOnce(settings, url, json) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), settings.timeoutMs);
  try {
    const response = await settings.fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: json,
      keepalive: byteLength(json) <= KEEPALIVE_MAX_BYTES,
      signal: controller.signal,
    });
    // Reading the body also frees the connection for reuse.
    const text = await response.text();
    return answerFrom(response, text);
  } catch (error) {
    const detail = controller.signal.aborted
      ? `no answer within ${settings.timeoutMs} ms`
      : `request failed: ${describeFailure(error)}`;
    return { ok: false, retryable: true, detail };
  } finally {
    clearTimeout(timer);
  }
}

/** @param {Response} response @param {string} text @returns {Answer} */
function answerFrom(response, text) {
  const { status } = response;
  const ok = status >= 200 && status < 300;
  return {
    ok,
    status,
    retryable: status === 429 || status >= 500,
    retryAfterMs: parseRetryAfter(response.headers.get("Retry-After")),
    detail: ok ? `HTTP ${status}` : `HTTP ${status}: ${text.slice(0, DETAIL_LIMIT)}`,
  };
}

/**
 * fetch rejects with a bare "fetch failed" TypeError; the reason (ECONNREFUSED...) is its cause.
 *
 * @param {unknown} error
 */
function describeFailure(error) {
  const text = String(/** @type {any} */ (error)?.message ?? error);
  const cause = /** @type {any} */ (error)?.cause;
  return cause ? `${text} (${cause.code ?? cause.message ?? cause})` : text;
}

/**
 * Retry-After as milliseconds: delta-seconds or an HTTP date (RFC 9110 §10.2.3). Undefined when
 * absent or unreadable, in which case plain backoff applies.
 *
 * @param {string | null} value
 * @param {number} [now]
 */
export function parseRetryAfter(value, now = Date.now()) {
  if (!value) return undefined;
  if (/^\s*\d+\s*$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/**
 * Exponential backoff capped at maxRetryDelayMs, with jitter, never shorter than the server's
 * Retry-After. The jitter (50–100 % of the step) keeps clients that failed together from
 * retrying together.
 *
 * @param {number} attempt 1 for the wait after the first attempt
 * @param {number | undefined} retryAfterMs
 * @param {Pick<DeliverySettings, "retryBaseMs" | "maxRetryDelayMs" | "random">} settings
 */
export function retryDelayMs(attempt, retryAfterMs, settings) {
  const step = settings.retryBaseMs * 2 ** (attempt - 1);
  const exponential = Math.min(step, settings.maxRetryDelayMs);
  const jittered = exponential * (0.5 + 0.5 * (settings.random ?? Math.random)());
  return Math.round(Math.max(jittered, retryAfterMs ?? 0));
}

/** @param {number} ms */
function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
