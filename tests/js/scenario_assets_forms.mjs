// Assets and forms through the official Webflow JS SDK (npm `webflow-api`): an asset is created, its bytes
// uploaded to the presigned uploadUrl as Webflow's docs show (multipart POST: every uploadDetails field, the
// file last), then read back; a form's submissions are listed per form and per site.
//
//   WEBFLOW_BASE_URL=http://127.0.0.1:8080/v2 WEBFLOW_TOKEN=<token> node scenario_assets_forms.mjs
//
// Optional: WEBFLOW_SITE_ID (else the first site the token sees); WEBFLOW_LOCAL_JS_LOG, a file that gets one
// JSON line per Data API exchange ({method, url, status, body}) so the pytest wrapper can check every response
// against the spec and record which operations the SDK exercised. The S3-style upload, the hosted file and the
// control plane (where a site's forms come from) are called with the unwrapped fetch: they are not the Data API.
// Prints "ok <step>" per step and "SCENARIO PASSED" at the end; exits 1 on the first failure.

import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { WebflowClient } from "webflow-api";
import { baseUrl, realFetch, client, step } from "./harness.mjs";
const origin = new URL(baseUrl).origin;

// The SDK hands uploadDetails back in camelCase; S3 wants the field names as the API sent them.
const S3_FIELDS = {
  acl: "acl", bucket: "bucket", xAmzAlgorithm: "X-Amz-Algorithm", xAmzCredential: "X-Amz-Credential",
  xAmzDate: "X-Amz-Date", key: "key", policy: "Policy", xAmzSignature: "X-Amz-Signature",
  successActionStatus: "success_action_status", contentType: "content-type", cacheControl: "Cache-Control",
};

async function admin(method, path, body) {
  const r = await realFetch(`${origin}/_admin${path}`, {
    method, headers: { "content-type": "application/json" }, body: JSON.stringify(body),
  });
  const text = await r.text();
  assert.equal(r.status, 201, text);
  return JSON.parse(text);
}

async function main() {
  const { sites } = await client.sites.list();
  const siteId = process.env.WEBFLOW_SITE_ID || sites[0].id;

  // -- assets: create, upload, get ----------------------------------------------------------------------
  const bytes = Buffer.concat([Buffer.from("\x89PNG\r\n\x1a\n", "latin1"), Buffer.alloc(512, 7)]);
  const fileHash = createHash("md5").update(bytes).digest("hex");
  const created = await client.assets.create(siteId, { fileName: "js-logo.png", fileHash });
  assert.equal(created.contentType, "image/png");
  assert.ok(created.uploadUrl && created.hostedUrl && created.uploadDetails);
  step("assets: create");

  const form = new FormData();
  for (const [name, value] of Object.entries(created.uploadDetails)) {
    assert.ok(S3_FIELDS[name], `unexpected uploadDetails field ${name}`);
    form.append(S3_FIELDS[name], value);
  }
  form.append("file", new Blob([bytes], { type: "image/png" }), "js-logo.png");
  const upload = await realFetch(created.uploadUrl, { method: "POST", body: form });
  const answer = await upload.text();
  assert.equal(upload.status, 201, answer);
  assert.ok(answer.includes("<PostResponse>"), answer);
  step("assets: upload to uploadUrl");

  const asset = await client.assets.get(created.id);
  assert.equal(asset.size, bytes.length);
  assert.equal(asset.originalFileName, "js-logo.png");
  const hosted = await realFetch(asset.hostedUrl);
  assert.equal(hosted.status, 200);
  assert.equal(hosted.headers.get("content-type"), "image/png");
  assert.ok(Buffer.from(await hosted.arrayBuffer()).equals(bytes));
  const { assets } = await client.assets.list(siteId);
  assert.ok(assets.some((a) => a.id === created.id));
  step("assets: get, list and the hosted file");

  // -- forms: list, submissions -------------------------------------------------------------------------
  // Forms come from the site: the control plane makes one and a visitor's submissions.
  const made = await admin("POST", `/sites/${siteId}/forms`, {
    displayName: "JS Contact", page: "contact",
    fields: [{ displayName: "Name" }, { displayName: "Email", type: "Email" }],
  });
  for (const n of [1, 2]) {
    await admin("POST", `/sites/${siteId}/forms/${made.id}/submissions`,
      { data: { Name: `Visitor ${n}`, Email: `v${n}@example.com` } });
  }
  const { forms } = await client.forms.list(siteId);
  const contact = forms.find((f) => f.id === made.id);
  assert.ok(contact, "the form is listed");
  assert.equal(contact.displayName, "JS Contact");
  const schema = await client.forms.get(made.id);
  assert.deepEqual(Object.values(schema.fields).map((f) => f.displayName), ["Name", "Email"]);
  step("forms: list and get");

  const perForm = await client.forms.listSubmissions(made.id);
  assert.equal(perForm.formSubmissions.length, 2);
  assert.deepEqual(perForm.formSubmissions.map((s) => s.formResponse.Name).sort(), ["Visitor 1", "Visitor 2"]);
  const perSite = await client.sites.forms.listSubmissionsBySite(siteId);
  assert.ok(perSite.formSubmissions.some((s) => s.formId === made.id));
  const one = await client.forms.getSubmission(perForm.formSubmissions[0].id);
  assert.equal(one.formId, made.id);
  step("forms: submissions per form and per site");

  console.log("SCENARIO PASSED");
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
