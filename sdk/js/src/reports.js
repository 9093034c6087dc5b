/**
 * Turning what the host program hands us into request bodies the server accepts.
 *
 * The server rejects a whole report (400) for one bad field, and a rejected report is lost, so
 * everything here bends the input to fit rather than refusing it: long texts are clipped to the
 * server's limits, free-form objects that cannot be JSON are replaced by a note, NUL characters
 * and lone surrogates (which the server's JSON parser refuses) are replaced.
 */

/** The server's field limits (services/reports.py), in characters. */
const LIMITS = { type: 256, message: 65536, stackTrace: 262144, shortText: 64 };
const MAX_CAUSES = 5;
export const SEVERITIES = Object.freeze(["debug", "info", "warning", "error", "critical"]);
/** Accepted by the server and rewritten there to one of SEVERITIES. */
const SEVERITY_ALIASES = Object.freeze(["warn", "fatal", "err"]);
// A pair, or a surrogate on its own. No lookbehind: older Safari cannot even parse it.
const SURROGATES = /[\uD800-\uDBFF][\uDC00-\uDFFF]|[\uD800-\uDFFF]/g;
const REPLACEMENT = "\uFFFD";

/**
 * @param {string} token
 * @param {{status?: string, version?: string, additionalData?: unknown}} options
 */
export function heartbeatBody(token, { status = "alive", version, additionalData }) {
  return withoutUndefined({
    project_token: token,
    status: clip(String(status), LIMITS.shortText),
    version: version === undefined ? undefined : clip(String(version), LIMITS.shortText),
    metadata: asObject(additionalData),
  });
}

/**
 * @param {string} token
 * @param {unknown} error anything that was thrown, not only Error instances
 * @param {{context?: unknown, severity?: string}} options
 */
export function errorBody(token, error, { context, severity }) {
  const { type, message, stackTrace } = describeError(error);
  return {
    project_token: token,
    error: withoutUndefined({
      type: clip(type, LIMITS.type),
      message: clip(message, LIMITS.message),
      stack_trace: stackTrace === undefined ? undefined : clip(stackTrace, LIMITS.stackTrace),
      severity: isKnownSeverity(severity) ? severity : "error",
      context: asObject(context),
    }),
  };
}

/** @param {unknown} severity */
export function isKnownSeverity(severity) {
  return SEVERITIES.includes(/** @type {any} */ (severity)) ||
    SEVERITY_ALIASES.includes(/** @type {any} */ (severity));
}

/**
 * Type, message and stack of a thrown value. `throw "text"` and rejected promises with plain
 * values are common in JavaScript, so non-Errors get the type "NonError" and their value as the
 * message instead of being dropped.
 *
 * @param {unknown} error
 * @returns {{type: string, message: string, stackTrace: string | undefined}}
 */
export function describeError(error) {
  if (!isErrorLike(error)) {
    return { type: "NonError", message: describeValue(error), stackTrace: undefined };
  }
  return {
    type: errorTypeName(error),
    message: error.message === undefined ? "" : String(error.message),
    stackTrace: stackWithCauses(error),
  };
}

/** @returns {error is {name?: unknown, message?: unknown, stack?: unknown, cause?: unknown}} */
function isErrorLike(/** @type {unknown} */ error) {
  if (error instanceof Error) return true;
  return typeof error === "object" && error !== null && "message" in error && "stack" in error;
}

/**
 * `class ValueError extends Error { name = "ValueError" }` reports "ValueError"; a subclass that
 * never sets `name` inherits "Error", so its constructor's name is the better answer.
 *
 * @param {{name?: unknown, constructor?: unknown}} error
 */
function errorTypeName(error) {
  const name = typeof error.name === "string" && error.name ? error.name : "Error";
  const constructorName = /** @type {any} */ (error).constructor?.name;
  if (name === "Error" && typeof constructorName === "string" && constructorName) {
    return constructorName;
  }
  return name;
}

/**
 * `error.stack`, followed by the stacks of its `cause` chain (V8 leaves causes out of `stack`,
 * yet they are often the actual failure). Cycles are cut by MAX_CAUSES.
 *
 * @param {{stack?: unknown, message?: unknown, cause?: unknown}} error
 */
function stackWithCauses(error) {
  let text = ownStack(error);
  let cause = error.cause;
  for (let depth = 0; cause !== undefined && depth < MAX_CAUSES; depth += 1) {
    text += `\nCaused by: ${isErrorLike(cause) ? ownStack(cause) : describeValue(cause)}`;
    cause = isErrorLike(cause) ? cause.cause : undefined;
  }
  return text;
}

/** @param {{name?: unknown, stack?: unknown, message?: unknown}} error */
function ownStack(error) {
  if (typeof error.stack === "string") return error.stack;
  return `${errorTypeName(error)}: ${error.message}`;
}

/** @param {unknown} value */
function describeValue(value) {
  if (typeof value === "string") return value;
  try {
    const json = JSON.stringify(value, jsonSafeValue);
    if (json !== undefined) return json;
  } catch {
    // Circular or hostile objects: String() below is still informative.
  }
  try {
    return String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}

/** The server wants JSON objects for context and metadata; anything else is wrapped. */
function asObject(/** @type {unknown} */ value) {
  if (value === undefined || value === null) return undefined;
  if (typeof value === "object" && !Array.isArray(value)) return value;
  return { value };
}

/**
 * Cut `text` to at most `limit` UTF-16 units. The server counts code points, which are never
 * more than UTF-16 units, so the result always fits. A surrogate pair is never split.
 *
 * @param {string} text
 * @param {number} limit
 */
export function clip(text, limit) {
  if (text.length <= limit) return text;
  let end = limit - 1;
  if (isHighSurrogate(text.charCodeAt(end - 1))) end -= 1;
  return `${text.slice(0, end)}…`;
}

function isHighSurrogate(/** @type {number} */ code) {
  return code >= 0xd800 && code <= 0xdbff;
}

/** @template {Record<string, unknown>} T @param {T} object @returns {T} */
function withoutUndefined(object) {
  return /** @type {T} */ (
    Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined))
  );
}

/**
 * The JSON text for a report, or undefined when `build(freeForm)` cannot be serialised at all.
 * `build` is called again with a short note in place of the free-form object (context or
 * metadata) when that object cannot be serialised or makes the body larger than `maxBytes`:
 * the report itself matters more than its extras.
 *
 * @param {(freeForm: unknown) => object} build
 * @param {unknown} freeForm
 * @param {number} maxBytes
 * @returns {string | undefined}
 */
export function encodeReport(build, freeForm, maxBytes) {
  const json = toJson(build(freeForm));
  if (json !== undefined && byteLength(json) <= maxBytes) return json;
  if (freeForm === undefined || freeForm === null) return json;
  const why = json === undefined
    ? "it could not be turned into JSON"
    : `the report was ${byteLength(json)} bytes, over the ${maxBytes}-byte limit`;
  return toJson(build({ error_monitor_sdk: `left out because ${why}` }));
}

/**
 * JSON.stringify that survives BigInts, cycles, NULs and lone surrogates, and keeps what plain
 * JSON would turn into `{}` (Maps, Sets, Errors); undefined only when the value fights back (a
 * throwing getter or toJSON).
 *
 * @param {unknown} value
 */
export function toJson(value) {
  try {
    return JSON.stringify(value, jsonSafeValue);
  } catch {
    // Most likely a cycle: retry, marking repeated objects.
  }
  try {
    return JSON.stringify(value, cycleCuttingReplacer());
  } catch {
    return undefined;
  }
}

/** @param {string} _key @param {unknown} value */
function jsonSafeValue(_key, value) {
  if (typeof value === "string") return wellFormed(value).replaceAll("\0", REPLACEMENT);
  if (typeof value === "bigint") return value.toString();
  if (value instanceof Map) return Object.fromEntries(value);
  if (value instanceof Set) return [...value];
  if (value instanceof Error) return `${errorTypeName(value)}: ${value.message}`;
  return value;
}

/** `value` with every lone surrogate replaced (String.prototype.toWellFormed, Node 20+ only). */
function wellFormed(/** @type {string} */ value) {
  return value.replace(SURROGATES, (match) => (match.length === 2 ? match : REPLACEMENT));
}

/**
 * A replacer that writes "[Circular]" for an object met a second time. It also flags objects
 * that are merely shared, which is an acceptable price on this fallback path.
 */
function cycleCuttingReplacer() {
  const seen = new WeakSet();
  return (/** @type {string} */ key, /** @type {unknown} */ value) => {
    if (typeof value === "object" && value !== null) {
      if (seen.has(value)) return "[Circular]";
      seen.add(value);
    }
    return jsonSafeValue(key, value);
  };
}

const encoder = new TextEncoder();

/** @param {string} text its length in UTF-8 */
export function byteLength(text) {
  return encoder.encode(text).length;
}
