// Ecommerce through the official Webflow JS SDK (npm `webflow-api`): products list/create and an order's
// fulfill. Ecommerce is enabled and the order made (a checkout) through webflow-local's control plane, which
// is derived from the base URL (…/v2 -> …/_admin).
//
//   WEBFLOW_BASE_URL=http://127.0.0.1:8080/v2 WEBFLOW_TOKEN=<token> node scenario_ecommerce.mjs
//
// Optional: WEBFLOW_SITE_ID (else the first site the token sees); WEBFLOW_LOCAL_JS_LOG, a file that gets one
// JSON line per HTTP exchange ({method, url, status, body}) so the pytest wrapper can check every response
// against the spec and record which operations the SDK exercised.
// Prints "ok <step>" per step and "SCENARIO PASSED" at the end; exits 1 on the first failure.

import assert from "node:assert/strict";
import { baseUrl, realFetch, client, step, expectStatus } from "./harness.mjs";

async function admin(method, path, body) {
  const url = baseUrl.replace(/\/(v2|beta)\/?$/, "") + "/_admin" + path;
  const response = await realFetch(url, {
    method,
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

async function main() {
  const { sites } = await client.sites.list();
  const siteId = process.env.WEBFLOW_SITE_ID || sites[0].id;

  // Until ecommerce is enabled, ecommerce operations answer 409 ecommerce_not_enabled.
  const refused = await expectStatus(client.products.list(siteId), 409);
  assert.equal(refused.body.code, "ecommerce_not_enabled");
  let r = await admin("GET", `/sites/${siteId}/ecommerce`);
  if (r.status !== 200) {
    r = await admin("POST", `/sites/${siteId}/ecommerce`, { defaultCurrency: "USD" });
    assert.equal(r.status, 201, JSON.stringify(r.body));
  }
  const settings = r.body;
  step("ecommerce: enabled through the control plane");

  const suffix = Date.now().toString(36);
  const made = await client.products.create(siteId, {
    publishStatus: "staging",
    product: {
      fieldData: {
        name: `JS Tee ${suffix}`,
        slug: `js-tee-${suffix}`,
        // The SDK's camelCase names; on the wire `sku-properties`, `sku-values`, `default-sku`.
        skuProperties: [
          { id: "size", name: "Size", enum: [{ id: "s", name: "Small", slug: "small" }, { id: "l", name: "Large", slug: "large" }] },
        ],
      },
    },
    sku: { fieldData: { name: `JS Tee ${suffix} S`, slug: `js-tee-${suffix}-s`, price: { value: 2500, unit: "USD" } } },
  });
  const productId = made.product.id;
  assert.equal(made.skus.length, 1);
  const sku = made.skus[0];
  assert.deepEqual(sku.fieldData.skuValues, { size: "s" });
  assert.equal(made.product.fieldData.defaultSku, sku.id);
  step("products: create with its default SKU");

  const listed = await client.products.list(siteId);
  const entry = listed.items.find((i) => i.product.id === productId);
  assert.ok(entry, "the new product is listed");
  assert.deepEqual(entry.skus.map((s) => s.id), [sku.id]);
  assert.ok(listed.pagination.total >= 1);
  const item = await client.collections.items.getItem(settings.productsCollectionId, productId);
  assert.equal(item.fieldData.slug, `js-tee-${suffix}`);
  assert.equal(item.fieldData["default-sku"], sku.id);
  step("products: list, and the product is a CMS item");

  r = await admin("POST", `/sites/${siteId}/orders`, {
    customer: { name: "Grace Hopper", email: "grace@example.com" },
    lineItems: [{ skuId: sku.id, count: 2 }],
  });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  const orderId = r.body.orderId;
  assert.equal(r.body.totals.total.value, "5000");
  const fulfilled = await client.orders.updateFulfill(siteId, orderId, { sendOrderFulfilledEmail: true });
  assert.equal(fulfilled.status, "fulfilled");
  assert.ok(fulfilled.fulfilledOn);
  const again = await expectStatus(client.orders.updateFulfill(siteId, orderId), 409);
  assert.equal(again.body.code, "conflict");
  const got = await client.orders.get(siteId, orderId);
  assert.equal(got.status, "fulfilled");
  step("orders: fulfill a checkout's order");

  console.log("SCENARIO PASSED");
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
