// What every scenario*.mjs shares: the environment, the official SDK's client pointed at webflow-local, the
// fetch wrapper that logs each exchange for the pytest wrapper (tests/js/test_js_sdk.py checks every response
// against the spec), and the step/expectStatus helpers.
//
//   WEBFLOW_BASE_URL=http://127.0.0.1:8080/v2 WEBFLOW_TOKEN=<token> node scenario.mjs
//
// Optional: WEBFLOW_LOCAL_JS_LOG, a file that gets one JSON line per HTTP exchange ({method, url, status, body}).

import assert from "node:assert/strict";
import { appendFileSync } from "node:fs";
import { WebflowClient, WebflowError } from "webflow-api";

export const baseUrl = process.env.WEBFLOW_BASE_URL;
export const accessToken = process.env.WEBFLOW_TOKEN;
const log = process.env.WEBFLOW_LOCAL_JS_LOG;
if (!baseUrl || !accessToken) {
  console.error("set WEBFLOW_BASE_URL and WEBFLOW_TOKEN");
  process.exit(2);
}

// The SDK calls the global fetch (Node 18+): wrap it to log each exchange without changing it.
export const realFetch = globalThis.fetch;
globalThis.fetch = async (input, init = {}) => {
  const response = await realFetch(input, init);
  if (log) {
    const text = await response.clone().text();
    const method = (init.method || (input instanceof Request ? input.method : "GET")).toUpperCase();
    const url = typeof input === "string" ? input : input.url ?? String(input);
    appendFileSync(log, JSON.stringify({ method, url, status: response.status, body: text }) + "\n");
  }
  return response;
};

export const client = new WebflowClient({ accessToken, baseUrl, maxRetries: 0 });
export const step = (name) => console.log(`ok ${name}`);

export async function expectStatus(promise, status) {
  try {
    await promise;
  } catch (err) {
    assert.ok(err instanceof WebflowError, `expected a WebflowError, got ${err}`);
    assert.equal(err.statusCode, status);
    return err;
  }
  assert.fail(`expected HTTP ${status}`);
}
