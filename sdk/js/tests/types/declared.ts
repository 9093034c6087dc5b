// index.d.ts against the JavaScript it describes: the module's JSDoc-typed exports must fit the
// hand-written declarations (a missing export, a renamed method or a changed parameter fails
// `tsc`), and the declarations must accept what the README shows.
import * as implementation from "../../src/index.js";
import type * as declared from "error-monitor-sdk";

const fits: typeof declared = implementation;
void fits;
