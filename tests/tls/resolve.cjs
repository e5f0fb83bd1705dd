// Test-only stand-in for an /etc/hosts line plus a port forward: loaded with `node --require` (NODE_OPTIONS),
// it sends connections for the hosts in WEBFLOW_LOCAL_RESOLVE ("api.webflow.com:443=127.0.0.1:8443,...") to the
// given address and port. The TLS server name stays the original host, so certificate checks are the real ones
// (the client must trust the local CA through NODE_EXTRA_CA_CERTS). The client's own code is not changed.
//
// Users do this with /etc/hosts and a server on port 443 (docs/unmodified-clients.md); the tests cannot edit
// /etc/hosts nor count on port 443 being free.
"use strict";

const dns = require("node:dns");
const net = require("node:net");
const tls = require("node:tls");

const map = new Map();
for (const entry of (process.env.WEBFLOW_LOCAL_RESOLVE || "").split(",").filter(Boolean)) {
  const [from, to] = entry.split("=");
  const [host, port] = from.split(":");
  const [address, toPort] = to.split(":");
  map.set(`${host.toLowerCase()}:${port}`, { address, port: Number(toPort) });
}
const hosts = new Set([...map.keys()].map((k) => k.split(":")[0]));

// Node's fetch (undici) and the https module both open TLS sockets through tls.connect.
function rewrite(options) {
  const host = String(options.host || options.servername || "").toLowerCase();
  const target = map.get(`${host}:${Number(options.port || 443)}`);
  if (!target) return options;
  return { ...options, host: target.address, port: target.port, servername: options.servername || host };
}

const realTlsConnect = tls.connect;
tls.connect = function connect(...args) {
  if (args[0] && typeof args[0] === "object") {
    args[0] = rewrite(args[0]);
  } else if (typeof args[0] === "number" || typeof args[0] === "string") {
    // tls.connect(port, host?, options?, cb?)
    const [port, host] = args;
    const opts = typeof args[2] === "object" ? args[2] : typeof host === "object" ? host : {};
    const cb = args.find((a) => typeof a === "function");
    args = [rewrite({ ...opts, port, host: typeof host === "string" ? host : opts.host }), cb].filter(Boolean);
  }
  return realTlsConnect.apply(this, args);
};

// Plain lookups of the mapped names (e.g. a client that resolves before it connects) answer the address too.
const realLookup = dns.lookup;
dns.lookup = function lookup(hostname, options, callback) {
  const cb = typeof options === "function" ? options : callback;
  const opts = typeof options === "object" && options !== null ? options : {};
  if (hosts.has(String(hostname).toLowerCase())) {
    const address = [...map.entries()].find(([k]) => k.startsWith(`${String(hostname).toLowerCase()}:`))[1].address;
    const family = net.isIPv6(address) ? 6 : 4;
    process.nextTick(() => (opts.all ? cb(null, [{ address, family }]) : cb(null, address, family)));
    return {};
  }
  return realLookup.call(this, hostname, options, callback);
};
