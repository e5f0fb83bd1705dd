// Drives webflow-local with the official Webflow JS SDK (npm `webflow-api`), pointed at it by `baseUrl`.
//
//   WEBFLOW_BASE_URL=http://127.0.0.1:8080/v2 WEBFLOW_TOKEN=<token> node scenario.mjs
//
// Optional: WEBFLOW_SITE_ID (else the first site the token sees); WEBFLOW_LOCAL_JS_LOG, a file that gets one
// JSON line per HTTP exchange ({method, url, status, body}) so the pytest wrapper can check every response
// against the spec and record which operations the SDK exercised.
// Prints "ok <step>" per step and "SCENARIO PASSED" at the end; exits 1 on the first failure.

import assert from "node:assert/strict";
import { WebflowError } from "webflow-api";
import { client, step, expectStatus } from "./harness.mjs";

async function main() {
  const auth = await client.token.introspect();
  assert.ok(auth.authorization.scope.includes("cms:write"), "token must have cms:write");
  step("token introspect");

  const { sites } = await client.sites.list();
  const siteId = process.env.WEBFLOW_SITE_ID || sites[0].id;
  assert.ok(sites.some((s) => s.id === siteId));
  const site = await client.sites.get(siteId);
  const primary = site.locales.primary;
  const secondary = site.locales.secondary;
  assert.ok(secondary.length >= 1, "the scenario needs a localized site");
  const localeIds = [primary.cmsLocaleId, ...secondary.map((l) => l.cmsLocaleId)];
  const [en, fr] = localeIds;
  step(`sites: ${sites.length} site(s), ${localeIds.length} locales`);

  const suffix = Date.now().toString(36);
  const created = await client.collections.create(siteId, {
    displayName: `JS Posts ${suffix}`,
    singularName: `JS Post ${suffix}`,
    fields: [{ type: "PlainText", displayName: "Summary" }],
  });
  const collectionId = created.id;
  assert.ok(created.fields.some((f) => f.slug === "summary"));
  const { collections } = await client.collections.list(siteId);
  assert.ok(collections.some((c) => c.id === collectionId));
  const fetched = await client.collections.get(collectionId);
  assert.equal(fetched.displayName, `JS Posts ${suffix}`);
  step("collections: create, list, get");

  const bulk = await client.collections.items.createItems(collectionId, {
    cmsLocaleIds: localeIds,
    isDraft: false,
    fieldData: { name: "Hello", slug: `hello-${suffix}`, summary: "first" },
  });
  const entries = bulk.items ?? [];
  assert.equal(entries.length, localeIds.length, "one entry per locale");
  const itemId = entries[0].id;
  assert.ok(entries.every((e) => e.id === itemId), "one item id across locales");
  assert.deepEqual(new Set(entries.map((e) => e.cmsLocaleId)), new Set(localeIds));
  step("items: bulk create across locales");

  for (const locale of localeIds) {
    const page = await client.collections.items.listItems(collectionId, { cmsLocaleId: locale });
    assert.equal(page.pagination.total, 1);
    assert.equal(page.items[0].id, itemId);
    assert.equal(page.items[0].cmsLocaleId, locale);
  }
  step("items: list per locale");

  const updated = await client.collections.items.updateItems(collectionId, {
    items: [{ id: itemId, cmsLocaleId: fr, fieldData: { name: "Bonjour", summary: "premier" } }],
  });
  assert.equal(updated.items[0].fieldData.name, "Bonjour");
  const one = await client.collections.items.updateItem(collectionId, itemId, {
    cmsLocaleId: en,
    fieldData: { summary: "first, edited" },
  });
  assert.equal(one.fieldData.summary, "first, edited");
  const frItem = await client.collections.items.getItem(collectionId, itemId, { cmsLocaleId: fr });
  assert.equal(frItem.fieldData.name, "Bonjour");
  const enItem = await client.collections.items.getItem(collectionId, itemId, { cmsLocaleId: en });
  assert.equal(enItem.fieldData.name, "Hello");
  step("items: update per locale");

  const published = await client.collections.items.publishItem(collectionId, {
    items: [{ id: itemId, cmsLocaleIds: localeIds }],
  });
  assert.deepEqual(published.publishedItemIds, [itemId]);
  const sitePublish = await client.sites.publish(siteId, { publishToWebflowSubdomain: true });
  assert.equal(sitePublish.publishToWebflowSubdomain, true);
  step("publish: item in every locale, then the site");

  const live = await client.collections.items.getItemLive(collectionId, itemId, { cmsLocaleId: fr });
  assert.equal(live.fieldData.name, "Bonjour");
  assert.ok(live.lastPublished, "a live item has lastPublished");
  const livePage = await client.collections.items.listItemsLive(collectionId, { cmsLocaleId: en });
  assert.deepEqual(livePage.items.map((i) => i.id), [itemId]);
  step("live: get and list");

  await client.collections.items.deleteItemLive(collectionId, itemId, { cmsLocaleId: fr });
  await expectStatus(client.collections.items.getItemLive(collectionId, itemId, { cmsLocaleId: fr }), 404);
  await client.collections.items.deleteItem(collectionId, itemId, { cmsLocaleId: fr });
  await expectStatus(client.collections.items.getItem(collectionId, itemId, { cmsLocaleId: fr }), 404);
  const left = await client.collections.items.listItems(collectionId, { cmsLocaleId: en });
  assert.equal(left.pagination.total, 1, "the other locales keep the item");
  step("delete: unpublish and delete one locale");

  await client.collections.delete(collectionId);
  await expectStatus(client.collections.get(collectionId), 404);
  step("collections: delete");
  console.log("SCENARIO PASSED");
}

main().catch((err) => {
  console.error(`SCENARIO FAILED: ${err?.stack ?? err}`);
  if (err instanceof WebflowError) console.error(JSON.stringify(err.body));
  process.exit(1);
});
