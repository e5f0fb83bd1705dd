// Site management and configuration with the official Webflow JS SDK (npm `webflow-api`): create, get, update
// and delete a site, its plan, redirects, robots.txt, Google tags and the activity log.
//
//   WEBFLOW_BASE_URL=http://127.0.0.1:8080/v2 WEBFLOW_TOKEN=<token> node scenario_sites.mjs
//
// create-site needs a workspace token: the scenario asks the control plane (beside the API, on loopback) for
// one in the site's workspace. The SDK has no Google tags calls: those steps use fetch (logged all the same).
// Optional: WEBFLOW_SITE_ID; WEBFLOW_LOCAL_JS_LOG, a file that gets one JSON line per HTTP exchange
// ({method, url, status, body}) so the pytest wrapper can check every response against the spec.
// Prints "ok <step>" per step and "SCENARIO PASSED" at the end; exits 1 on the first failure.

import assert from "node:assert/strict";
import { WebflowClient } from "webflow-api";
import { baseUrl, accessToken, realFetch, client, step, expectStatus } from "./harness.mjs";

async function workspaceToken(workspaceId) {
  const admin = baseUrl.replace(/\/(v2|beta)\/?$/, "/_admin");
  const r = await realFetch(`${admin}/tokens`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ workspaceId, scopes: "all", label: "js scenario_sites" }),
  });
  const text = await r.text();
  assert.equal(r.status, 201, text);
  return JSON.parse(text).token;
}

async function api(token, method, path, body) {
  const r = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await r.text();
  return { status: r.status, body: text ? JSON.parse(text) : null };
}

async function main() {
  const { sites } = await client.sites.list();
  const siteId = process.env.WEBFLOW_SITE_ID || sites[0].id;
  const { workspaceId } = await client.sites.get(siteId);
  const ws = new WebflowClient({ accessToken: await workspaceToken(workspaceId), baseUrl, maxRetries: 0 });
  step("workspace token from the control plane");

  const suffix = Date.now().toString(36);
  const made = await ws.sites.create(workspaceId, { name: `JS Site ${suffix}` });
  assert.equal(made.workspaceId, workspaceId);
  assert.equal(made.displayName, `JS Site ${suffix}`);
  assert.equal(made.locales.primary.tag, "en");
  assert.ok(made.previewUrl.startsWith("https://"));
  const got = await ws.sites.get(made.id);
  assert.equal(got.id, made.id);
  assert.equal(got.displayName, made.displayName);
  const renamed = await ws.sites.update(made.id, { name: `JS Site ${suffix} renamed` });
  assert.equal(renamed.displayName, `JS Site ${suffix} renamed`);
  assert.equal(renamed.shortName, made.shortName);
  const plan = await ws.sites.plans.getSitePlan(made.id);
  assert.ok(plan.id.startsWith("hosting-"));
  await expectStatus(client.sites.create(workspaceId, { name: "Not with a site token" }), 403);
  step("sites: create, get, update, plan");

  const a = await ws.sites.redirects.create(made.id, { fromUrl: "/old", toUrl: "/new" });
  const b = await ws.sites.redirects.create(made.id, { fromUrl: "/gone", toUrl: "https://example.com/" });
  const listed = await ws.sites.redirects.list(made.id);
  assert.deepEqual(listed.redirects.map((r) => r.id), [a.id, b.id]);
  assert.equal(listed.pagination.total, 2);
  const changed = await ws.sites.redirects.update(made.id, a.id, { fromUrl: "/old", toUrl: "/newer" });
  assert.equal(changed.toUrl, "/newer");
  const left = await ws.sites.redirects.delete(made.id, b.id);
  assert.deepEqual(left.redirects.map((r) => [r.id, r.toUrl]), [[a.id, "/newer"]]);
  await expectStatus(ws.sites.redirects.create(made.id, { fromUrl: "/old", toUrl: "/again" }), 400);
  step("redirects: create, list, update, delete");

  const put = await ws.sites.robotsTxt.put(made.id, {
    rules: [{ userAgent: "*", allows: ["/"], disallows: ["/private"] }],
    sitemap: "https://example.com/sitemap.xml",
  });
  assert.deepEqual(put.rules, [{ userAgent: "*", allows: ["/"], disallows: ["/private"] }]);
  const patched = await ws.sites.robotsTxt.patch(made.id, {
    rules: [{ userAgent: "*", disallows: ["/drafts"] }, { userAgent: "googlebot", allows: ["/"] }],
  });
  assert.deepEqual(patched.rules.map((r) => r.userAgent), ["*", "googlebot"]);
  assert.deepEqual(patched.rules[0].disallows, ["/drafts"]);  // a PATCH replaces the agent's rule
  await ws.sites.robotsTxt.delete(made.id, { rules: [{ userAgent: "googlebot" }] });
  const robots = await ws.sites.robotsTxt.get(made.id);
  assert.deepEqual(robots.rules.map((r) => r.userAgent), ["*"]);
  assert.equal(robots.sitemap, "https://example.com/sitemap.xml");
  step("robots.txt: put, patch, delete, get");

  const tagsUrl = `/sites/${made.id}/integrations/google_tags`;
  const token = await workspaceToken(workspaceId);
  let r = await api(token, "PATCH", tagsUrl, {
    googleTagIds: [{ tagId: "G-JSMAIN1", displayName: "Main" }, { tagId: "AW-JSADS2", displayName: "Ads" }],
  });
  assert.equal(r.status, 200);
  assert.deepEqual(r.body.googleTagIds.map((t) => [t.tagId, t.order]), [["G-JSMAIN1", 0], ["AW-JSADS2", 1]]);
  r = await api(token, "DELETE", `${tagsUrl}/G-JSMAIN1`);
  assert.deepEqual(r.body.googleTagIds.map((t) => [t.tagId, t.order]), [["AW-JSADS2", 0]]);
  r = await api(token, "GET", tagsUrl);
  assert.equal(r.body.googleTagIds.length, 1);
  r = await api(token, "DELETE", tagsUrl);
  assert.equal(r.status, 204);
  step("google tags: upsert, delete one, list, delete all");

  const activity = await ws.sites.activityLogs.list(made.id, { limit: 100 });
  const ops = activity.items.map((e) => e.resourceOperation);
  assert.ok(activity.pagination.total >= 9, `activity: ${activity.pagination.total}`);
  assert.equal(activity.items[0].event, "site_settings_modified");
  assert.ok(ops.includes("CREATED") && ops.includes("DELETED") && ops.includes("MODIFIED"));
  step("activity log");

  await ws.sites.delete(made.id);
  await expectStatus(ws.sites.get(made.id), 404);
  step("sites: delete");

  console.log("SCENARIO PASSED");
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
