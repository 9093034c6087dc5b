/**
 * Reading the request contracts in the repository's contracts/ directory (see its README):
 * the exact bodies every SDK must send, with placeholders for what varies.
 */
import { readFileSync } from "node:fs";

const CONTRACTS = new URL("../../../../contracts/", import.meta.url);

/** @param {string} name e.g. "heartbeat.sdk.json" */
export function loadContract(name) {
  return JSON.parse(readFileSync(new URL(name, CONTRACTS), "utf8"));
}

/**
 * Whether a body an SDK sent fits a contract body: "<token>" matches the given token,
 * "<string>" any string, "<object>" any JSON object; everything else must be equal, with
 * exactly the same keys.
 *
 * @param {unknown} sent
 * @param {unknown} expected
 * @param {string} token
 * @returns {boolean}
 */
export function matchesContract(sent, expected, token) {
  if (expected === "<token>") return sent === token;
  if (expected === "<string>") return typeof sent === "string";
  if (expected === "<object>") return isPlainObject(sent);
  if (Array.isArray(expected)) {
    return Array.isArray(sent) && sent.length === expected.length &&
      expected.every((item, index) => matchesContract(sent[index], item, token));
  }
  if (isPlainObject(expected)) return objectMatches(sent, expected, token);
  return sent === expected;
}

/** @param {unknown} sent @param {Record<string, unknown>} expected @param {string} token */
function objectMatches(sent, expected, token) {
  if (!isPlainObject(sent)) return false;
  const sentKeys = Object.keys(sent).sort();
  const expectedKeys = Object.keys(expected).sort();
  return sentKeys.join("\0") === expectedKeys.join("\0") &&
    expectedKeys.every((key) => matchesContract(sent[key], expected[key], token));
}

/** @param {unknown} value @returns {value is Record<string, any>} */
function isPlainObject(value) {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
