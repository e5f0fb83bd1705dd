// Pages, their static content, custom code and components through the official Webflow JS SDK (npm
// `webflow-api`), pointed at webflow-local by `baseUrl`; pages and components are made through the control
// plane (Webflow has no API for that). Same environment and output as scenario.mjs:
//
//   WEBFLOW_BASE_URL=http://127.0.0.1:8080/v2 WEBFLOW_TOKEN=<token> WEBFLOW_SITE_ID=<site> node scenario_pages.mjs
//
// Prints "ok <step>" per step and "SCENARIO PASSED" at the end; exits 1 on the first failure.

import assert from "node:assert/strict";
import { WebflowError } from "webflow-api";
import { baseUrl, realFetch, client, step, expectStatus } from "./harness.mjs";

async function main() {
  const siteId = process.env.WEBFLOW_SITE_ID || (await client.sites.list()).sites[0].id;
  const site = await client.sites.get(siteId);
  const primary = site.locales.primary;
  const fr = site.locales.secondary[0];
  assert.ok(fr, "the scenario needs a localized site");
  const de = site.locales.secondary[1] ?? null;

  // Webflow has no API to create pages or components: the control plane makes them (same server).
  const admin = baseUrl.replace(/\/v2\/?$/, "/_admin");
  const suffix = Date.now().toString(36);
  const made = await realFetch(`${admin}/sites/${siteId}/pages`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      title: `JS Page ${suffix}`,
      nodes: [
        { type: "text", html: "<h1>Hello</h1>" },
        { type: "text-input", placeholder: "Your name" },
      ],
    }),
  });
  assert.equal(made.status, 201, await made.clone().text());
  const page = await made.json();

  const { pages, pagination } = await client.pages.list(siteId);
  assert.ok(pages.some((p) => p.id === page.id));
  assert.equal(pagination.total, pages.length);
  const frPages = await client.pages.list(siteId, { localeId: fr.id });
  assert.ok(frPages.pages.every((p) => p.localeId === fr.id));
  const meta = await client.pages.getMetadata(page.id);
  assert.equal(meta.title, `JS Page ${suffix}`);
  step("pages: list, list per locale, get");

  const dom = await client.pages.getContent(page.id);
  assert.equal(dom.pageId, page.id);
  const [heading, input] = dom.nodes;
  assert.equal(heading.type, "text");
  assert.equal(heading.text.html, "<h1>Hello</h1>");
  assert.equal(input.placeholder, "Your name");
  step("pages: DOM read");

  const written = await client.pages.updateStaticContent(page.id, {
    localeId: fr.id,
    nodes: [
      { nodeId: heading.id, text: "<h1>Bonjour</h1>" },
      { nodeId: input.id, placeholder: "Votre nom" },
    ],
  });
  assert.deepEqual(written.errors, []);
  const frDom = await client.pages.getContent(page.id, { localeId: fr.id });
  assert.equal(frDom.nodes[0].text.html, "<h1>Bonjour</h1>");
  assert.equal(frDom.nodes[1].placeholder, "Votre nom");
  // Only fr-FR changed: the primary reads what it read, another secondary locale reads the primary's.
  const enDom = await client.pages.getContent(page.id);
  assert.equal(enDom.nodes[0].text.html, "<h1>Hello</h1>");
  if (de) {
    const deDom = await client.pages.getContent(page.id, { localeId: de.id });
    assert.equal(deDom.nodes[0].text.html, "<h1>Hello</h1>");
  }
  // The primary locale is refused, as Webflow refuses it.
  await expectStatus(
    client.pages.updateStaticContent(page.id, {
      localeId: primary.id,
      nodes: [{ nodeId: heading.id, text: "<h1>No</h1>" }],
    }),
    400,
  );
  step("pages: DOM write in a secondary locale");

  const name = `JS Script ${suffix}`;
  const script = await client.scripts.registerInline(siteId, {
    displayName: name,
    sourceCode: "console.log('webflow-local');",
    version: "1.0.0",
  });
  assert.equal(script.id, name.toLowerCase().split(" ").join("_"));
  assert.ok(script.hostedLocation.startsWith("https://"));
  const { registeredScripts } = await client.scripts.list(siteId);
  assert.ok(registeredScripts.some((s) => s.id === script.id && s.version === "1.0.0"));
  step("scripts: register inline and list");

  const applied = await client.pages.scripts.upsertCustomCode(page.id, {
    scripts: [{ id: script.id, version: "1.0.0", location: "footer" }],
  });
  assert.deepEqual(applied.scripts.map((s) => s.id), [script.id]);
  const read = await client.pages.scripts.getCustomCode(page.id);
  assert.equal(read.scripts[0].location, "footer");
  await client.pages.scripts.deleteCustomCode(page.id);
  assert.deepEqual((await client.pages.scripts.getCustomCode(page.id)).scripts, []);
  step("scripts: apply to a page, read, delete");

  const comp = await realFetch(`${admin}/sites/${siteId}/components`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      name: `JS Hero ${suffix}`,
      nodes: [{ type: "text", html: "<h2>Hi</h2>" }],
      properties: [{ type: "Plain Text", label: "Heading", text: "Hello" }],
    }),
  });
  assert.equal(comp.status, 201, await comp.clone().text());
  const component = await comp.json();
  const { components } = await client.components.list(siteId);
  assert.ok(components.some((c) => c.id === component.id));
  const props = await client.components.getProperties(siteId, component.id);
  const [headingProp] = props.properties;
  const updated = await client.components.updateProperties(siteId, component.id, {
    localeId: fr.id,
    properties: [{ propertyId: headingProp.propertyId, text: "Bonjour" }],
  });
  assert.deepEqual(updated.errors, []);
  const frProps = await client.components.getProperties(siteId, component.id, { localeId: fr.id });
  assert.equal(frProps.properties[0].text.text, "Bonjour");
  const compDom = await client.components.getContent(siteId, component.id);
  assert.equal(compDom.nodes[0].text.html, "<h2>Hi</h2>");
  step("components: list, properties per locale, content");

  console.log("SCENARIO PASSED");
}

main().catch((err) => {
  console.error(`SCENARIO FAILED: ${err?.stack ?? err}`);
  if (err instanceof WebflowError) console.error(JSON.stringify(err.body));
  process.exit(1);
});
