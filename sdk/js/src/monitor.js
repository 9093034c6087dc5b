import { installBrowserHandlers, installNodeHandlers } from "./global-handlers.js";
import { ErrorMonitorProblem, tellUser } from "./problems.js";
import { DeliveryQueue } from "./queue.js";
import {
  describeError,
  encodeReport,
  errorBody,
  heartbeatBody,
  isKnownSeverity,
} from "./reports.js";
import { deliver } from "./transport.js";

/** @typedef {import("../index.js").ErrorMonitorOptions} ErrorMonitorOptions */
/** @typedef {import("../index.js").HeartbeatOptions} HeartbeatOptions */
/** @typedef {import("../index.js").ErrorOptions} ErrorOptions */
/** @typedef {import("../index.js").HeartbeatLoopOptions} HeartbeatLoopOptions */
/** @typedef {import("../index.js").GlobalHandlerOptions} GlobalHandlerOptions */
/**
 * @typedef {Required<Omit<ErrorMonitorOptions, "projectToken" | "onError" | "fetch">>
 *   & Pick<ErrorMonitorOptions, "onError">
 *   & {projectToken: string, fetch: NonNullable<ErrorMonitorOptions["fetch"]>}} Settings
 */

export const DEFAULT_API_URL = "http://localhost:8000/api/v1";

const DEFAULTS = Object.freeze({
  apiUrl: DEFAULT_API_URL,
  timeoutMs: 5_000,
  maxQueue: 100,
  maxRetries: 3,
  retryBaseMs: 500,
  maxRetryDelayMs: 30_000,
  maxBodyBytes: 1_048_576,
});
const DEFAULT_HEARTBEAT_INTERVAL_MS = 60_000;
const DEFAULT_FLUSH_TIMEOUT_MS = 5_000;
const DEFAULT_CRASH_FLUSH_TIMEOUT_MS = 2_000;

/**
 * Sends heartbeats and error reports to an Error Monitor server.
 *
 * Promise: apart from the constructor (and startHeartbeat) rejecting invalid options, no method
 * throws and no returned promise rejects, whatever the network, the server or the arguments do.
 * Failures go to the optional `onError` callback and show up as `false` results.
 *
 * Reports are sent one at a time, in order, from a queue of at most `maxQueue` reports (when it
 * is full the oldest waiting one is dropped); each is serialised when it is queued, so later
 * changes to a context object do not leak into it.
 */
export class ErrorMonitor {
  #settings;
  #queue;
  /** @type {ReturnType<typeof setInterval> | undefined} */
  #heartbeatTimer;
  /** @type {(() => void) | undefined} */
  #uninstallGlobalHandlers;

  /**
   * An empty or missing `projectToken` (say, an unset environment variable) disables the
   * monitor with one console warning: every call then resolves false at once, sending nothing.
   *
   * @param {ErrorMonitorOptions} options
   * @throws {TypeError} when `apiUrl` is not http(s), `projectToken` is not a string, or a number
   *   option is not a positive number: such mistakes should stop the program at startup rather
   *   than lose every report silently later.
   */
  constructor(options) {
    this.#settings = settingsFrom(options ?? {});
    this.#queue = new DeliveryQueue(
      this.#settings.maxQueue,
      (job) => this.#deliver(job),
      ({ path }) => this.#tell(`${path}: queue full, report dropped`, "queue_full", { path }),
    );
    if (this.#disabled) warnDisabled();
  }

  /** No token (an unset environment variable, typically): nothing is sent. */
  get #disabled() {
    return this.#settings.projectToken === "";
  }

  /**
   * Report that the program is alive.
   *
   * @param {HeartbeatOptions} [options]
   * @returns {Promise<boolean>} true when the server accepted it (2xx); false when it was
   *   rejected, given up on after retries, dropped from a full queue, or the monitor is disabled.
   *   Never rejects.
   */
  sendHeartbeat(options = {}) {
    const { status, version, additionalData } = options ?? {};
    const token = this.#settings.projectToken;
    const build = (/** @type {unknown} */ metadata) =>
      heartbeatBody(token, { status, version, additionalData: metadata });
    return this.#send("/heartbeat", build, additionalData);
  }

  /**
   * Report an error. `error` may be anything that was thrown: an Error (its `name`, `message` and
   * `stack`, plus the stacks of its `cause` chain, are sent), or any other value (sent with the
   * type "NonError"). Texts longer than the server accepts are clipped rather than rejected.
   *
   * @param {unknown} error
   * @param {ErrorOptions} [options] `severity` defaults to "error"; an unknown one is sent as
   *   "error" and reported to onError.
   * @returns {Promise<boolean>} as for sendHeartbeat. Never rejects.
   */
  sendError(error, options = {}) {
    const { context, severity } = options ?? {};
    if (severity !== undefined && !isKnownSeverity(severity)) {
      const given = describeError(severity).message;
      this.#tell(`unknown severity "${given}", sent as "error"`, "invalid_input");
    }
    const token = this.#settings.projectToken;
    const build = (/** @type {unknown} */ freeForm) =>
      errorBody(token, error, { context: freeForm, severity });
    return this.#send("/log", build, context);
  }

  /**
   * Send a heartbeat now and then every `intervalMs` until stopHeartbeat(). Starting again
   * replaces the previous schedule. A beat is skipped while the previous one is still being
   * delivered, so an outage does not fill the queue with heartbeats. In Node the timer does not
   * keep the process alive.
   *
   * @param {HeartbeatLoopOptions} [options] `intervalMs` defaults to 60 000
   * @throws {TypeError} when `intervalMs` is not a positive number
   */
  startHeartbeat(options = {}) {
    const { intervalMs = DEFAULT_HEARTBEAT_INTERVAL_MS, ...heartbeat } = options ?? {};
    requirePositive("intervalMs", intervalMs);
    this.stopHeartbeat();
    let inFlight = false;
    const beat = async () => {
      if (inFlight) return;
      inFlight = true;
      await this.sendHeartbeat(heartbeat);
      inFlight = false;
    };
    void beat();
    this.#heartbeatTimer = setInterval(beat, intervalMs);
    // A monitoring timer must not be the reason a finished program keeps running.
    this.#heartbeatTimer.unref?.();
  }

  /** Stop the schedule set by startHeartbeat(). Safe to call when none is running. */
  stopHeartbeat() {
    clearInterval(this.#heartbeatTimer);
    this.#heartbeatTimer = undefined;
  }

  /**
   * Report uncaught exceptions and unhandled promise rejections. In Node the process then still
   * crashes exactly as it would have without this SDK (after waiting up to `flushTimeoutMs` for
   * the report), unless `exitOnUncaught: false` or another listener handles the event. In a
   * browser the "error" and "unhandledrejection" events are observed only. Calling it again
   * while installed changes nothing and returns the same function.
   *
   * @param {GlobalHandlerOptions} [options]
   * @returns {() => void} removes the handlers
   */
  installGlobalHandlers(options = {}) {
    if (this.#disabled) return () => {};
    if (this.#uninstallGlobalHandlers) return this.#uninstallGlobalHandlers;
    const {
      exitOnUncaught = true,
      flushTimeoutMs = DEFAULT_CRASH_FLUSH_TIMEOUT_MS,
    } = options ?? {};
    const uninstall = installForThisRuntime(this, { exitOnUncaught, flushTimeoutMs });
    this.#uninstallGlobalHandlers = () => {
      uninstall();
      this.#uninstallGlobalHandlers = undefined;
    };
    return this.#uninstallGlobalHandlers;
  }

  /**
   * Wait until every queued report has been delivered or given up on.
   *
   * @param {number} [timeoutMs] defaults to 5 000
   * @returns {Promise<boolean>} true when the queue emptied in time, false otherwise. Never
   *   rejects; reports still queued keep being sent.
   */
  flush(timeoutMs = DEFAULT_FLUSH_TIMEOUT_MS) {
    return this.#queue.whenIdle(timeoutMs);
  }

  /**
   * @param {string} path
   * @param {(freeForm: unknown) => object} build
   * @param {unknown} freeForm
   */
  async #send(path, build, freeForm) {
    if (this.#disabled) return false;
    try {
      const json = encodeReport(build, freeForm, this.#settings.maxBodyBytes);
      if (json === undefined) return this.#fail(path, "not serialisable as JSON", "invalid_input");
      const delivered = this.#queue.push({ path, json });
      if (delivered) return await delivered;
      return this.#fail(path, "queue full: report dropped", "queue_full");
    } catch (error) {
      // Only a bug in the SDK gets here; the host program must not pay for it.
      return this.#fail(path, `internal error: ${String(error)}`, "internal", { cause: error });
    }
  }

  /** @param {{path: string, json: string}} job */
  async #deliver({ path, json }) {
    const outcome = await deliver(this.#settings, this.#settings.apiUrl + path, json);
    if (!outcome.ok) {
      const reason = outcome.status !== undefined && outcome.status < 500 && outcome.status !== 429
        ? "rejected"
        : "gave_up";
      this.#tell(`${path}: ${outcome.detail}`, reason, { path, ...outcome });
    }
    return outcome.ok;
  }

  /**
   * @param {string} path
   * @param {string} message
   * @param {import("../index.js").ProblemReason} reason
   * @param {{cause?: unknown}} [extra]
   */
  #fail(path, message, reason, extra = {}) {
    this.#tell(`${path}: ${message}`, reason, { path, ...extra });
    return false;
  }

  /**
   * @param {string} message
   * @param {import("../index.js").ProblemReason} reason
   * @param {{path?: string, status?: number, attempts?: number, cause?: unknown}} [details]
   */
  #tell(message, reason, details = {}) {
    tellUser(this.#settings.onError, new ErrorMonitorProblem(message, { reason, ...details }));
  }
}

/**
 * @param {ErrorMonitor} monitor
 * @param {import("./global-handlers.js").HandlerOptions} options
 */
function installForThisRuntime(monitor, options) {
  // `process.versions.node`, not just `process`: browser bundles may ship a stub `process`.
  const isNode = typeof process !== "undefined" && Boolean(process.versions?.node);
  if (isNode && typeof process.on === "function") {
    return installNodeHandlers(monitor, process, options);
  }
  const win = /** @type {any} */ (globalThis).window;
  if (win && typeof win.addEventListener === "function") {
    return installBrowserHandlers(monitor, win);
  }
  return () => {};
}

/**
 * @param {ErrorMonitorOptions} options
 * @returns {Settings}
 */
function settingsFrom(options) {
  const token = options.projectToken ?? "";
  if (typeof token !== "string") {
    throw new TypeError(`ErrorMonitor: projectToken must be a string, got ${typeof token}`);
  }
  if (!/^https?:\/\//i.test(String(options.apiUrl ?? DEFAULT_API_URL))) {
    throw new TypeError("ErrorMonitor: apiUrl must start with http:// or https://");
  }
  /** @type {Record<string, any>} */
  const settings = { ...DEFAULTS, ...withoutUndefined(options) };
  for (const name of ["timeoutMs", "maxQueue", "retryBaseMs", "maxRetryDelayMs", "maxBodyBytes"]) {
    requirePositive(name, settings[name]);
  }
  if (!Number.isInteger(settings.maxRetries) || settings.maxRetries < 0) {
    throw new TypeError("ErrorMonitor: maxRetries must be a whole number, 0 or more");
  }
  return /** @type {Settings} */ ({
    ...settings,
    projectToken: token.trim(),
    apiUrl: String(settings.apiUrl).replace(/\/+$/, ""),
    // Looked up per call, so a fetch polyfill installed after construction is still used.
    fetch: options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
  });
}

function warnDisabled() {
  // Said once, at startup: a missing token in development must not crash the program, but a
  // production deploy that forgot it must not go unnoticed either.
  globalThis.console?.warn?.(
    "[error-monitor] projectToken is empty: the monitor is disabled and sends nothing",
  );
}

/** @param {string} name @param {unknown} value */
function requirePositive(name, value) {
  if (typeof value !== "number" || !(value > 0) || !Number.isFinite(value)) {
    throw new TypeError(`ErrorMonitor: ${name} must be a positive number, got ${String(value)}`);
  }
}

/** @param {object} object */
function withoutUndefined(object) {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined));
}
