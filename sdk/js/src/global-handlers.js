/**
 * Reporting what the host program did not catch, without changing what happens next.
 *
 * Node: adding an "uncaughtException" or "unhandledRejection" listener switches off Node's own
 * crash. Programs rely on that crash (a supervisor restarts them; a corrupted process must not
 * limp on), so after reporting and a bounded flush the SDK removes its listeners and re-throws,
 * and Node crashes exactly as it would have: same message on stderr, exit code 1. It does so only
 * when Node would have crashed: not when another listener is handling the event, and not for
 * rejections under --unhandled-rejections=warn|none|warn-with-error-code.
 *
 * Browsers: the listeners only observe; the console still shows the error as usual.
 */
import { describeError } from "./reports.js";

/**
 * @typedef {{severity: import("../index.js").Severity, context: Record<string, unknown>}}
 *   ReportOptions
 */

/**
 * @typedef {object} Reporter what the handlers need from an ErrorMonitor
 * @property {(error: unknown, options: ReportOptions) => Promise<boolean>} sendError
 * @property {(timeoutMs: number) => Promise<boolean>} flush
 */

/**
 * @typedef {object} HandlerOptions
 * @property {boolean} exitOnUncaught let the process crash as it would have without the SDK
 * @property {number} flushTimeoutMs how long a crash waits for reports to be delivered
 */

const NON_CRASHING_REJECTION_MODES = new Set(["warn", "none", "warn-with-error-code"]);

/**
 * @param {Reporter} monitor
 * @param {NodeJS.Process} proc
 * @param {HandlerOptions} options
 * @returns {() => void} removes the listeners
 */
export function installNodeHandlers(monitor, proc, { exitOnUncaught, flushTimeoutMs }) {
  const reported = new WeakSet();
  let crashing = false;

  const report = (/** @type {unknown} */ thrown, /** @type {string} */ mechanism) => {
    if (isObject(thrown)) {
      if (reported.has(thrown)) return;
      reported.add(thrown);
    }
    const severity = mechanism === "uncaughtException" ? "critical" : "error";
    void monitor.sendError(thrown, { severity, context: { mechanism } });
  };

  const onException = async (/** @type {unknown} */ error) => {
    report(error, "uncaughtException");
    // Node's default only applies when nobody else listens: then it is ours to restore.
    if (!exitOnUncaught || crashing || proc.listenerCount("uncaughtException") > 1) return;
    crashing = true;
    await monitor.flush(flushTimeoutMs);
    uninstall();
    rethrowOutsideHandlers(proc, error);
  };

  const onRejection = async (/** @type {unknown} */ reason) => {
    report(reason, "unhandledRejection");
    if (!exitOnUncaught || proc.listenerCount("unhandledRejection") > 1) return;
    if (!nodeCrashesOnRejections(proc)) return;
    await monitor.flush(flushTimeoutMs);
    const error = asRejectionError(reason);
    reported.add(error);
    // Node turns an unhandled rejection into an uncaught exception; so do we, and onException
    // (or another uncaughtException listener, as in Node) takes it from there.
    rethrowOutsideHandlers(proc, error);
  };

  proc.on("uncaughtException", onException);
  proc.on("unhandledRejection", onRejection);
  function uninstall() {
    proc.off("uncaughtException", onException);
    proc.off("unhandledRejection", onRejection);
  }
  return uninstall;
}

/**
 * @param {Reporter} monitor
 * @param {Pick<EventTarget, "addEventListener" | "removeEventListener">} win
 * @returns {() => void} removes the listeners
 */
export function installBrowserHandlers(monitor, win) {
  const onError = (/** @type {any} */ event) => {
    const error = event.error ?? errorFromEvent(event);
    void monitor.sendError(error, { severity: "error", context: { mechanism: "onerror" } });
  };
  const onRejection = (/** @type {any} */ event) => {
    const context = { mechanism: "onunhandledrejection" };
    void monitor.sendError(event.reason, { severity: "error", context });
  };
  win.addEventListener("error", onError);
  win.addEventListener("unhandledrejection", onRejection);
  return () => {
    win.removeEventListener("error", onError);
    win.removeEventListener("unhandledrejection", onRejection);
  };
}

/**
 * Cross-origin scripts give an ErrorEvent without `error` ("Script error."): keep what there is.
 *
 * @param {{message?: string, filename?: string, lineno?: number, colno?: number}} event
 */
function errorFromEvent(event) {
  const error = new Error(event.message || "Script error");
  const where = `${event.filename || "<unknown>"}:${event.lineno ?? 0}:${event.colno ?? 0}`;
  error.stack = `Error: ${error.message}\n    at ${where}`;
  return error;
}

/** @param {NodeJS.Process} proc */
function nodeCrashesOnRejections(proc) {
  const flags = [...proc.execArgv, ...(proc.env.NODE_OPTIONS ?? "").split(/\s+/)];
  const modes = flags
    .map((flag) => /^--unhandled-rejections=(.+)$/.exec(flag)?.[1])
    .filter((mode) => mode !== undefined);
  const mode = modes.at(-1) ?? "throw";
  return !NON_CRASHING_REJECTION_MODES.has(mode);
}

/**
 * What Node throws for a rejection: the reason itself when it is an Error, else an Error in the
 * words Node uses (ERR_UNHANDLED_REJECTION).
 *
 * @param {unknown} reason
 */
function asRejectionError(reason) {
  if (reason instanceof Error) return reason;
  const error = new Error(
    "This error originated either by throwing inside of an async function without a catch " +
      "block, or by rejecting a promise which was not handled with .catch(). The promise " +
      `rejected with the reason "${describeError(reason).message}".`,
  );
  error.name = "UnhandledPromiseRejection";
  return Object.assign(error, { code: "ERR_UNHANDLED_REJECTION" });
}

/**
 * Throw from a fresh tick so the throw is not inside a listener and reaches Node's own handling.
 *
 * @param {NodeJS.Process} proc
 * @param {unknown} error
 */
function rethrowOutsideHandlers(proc, error) {
  proc.nextTick(() => {
    throw error;
  });
}

/** @param {unknown} value @returns {value is object} */
function isObject(value) {
  return (typeof value === "object" && value !== null) || typeof value === "function";
}
