#!/usr/bin/env node
/*
 * Local Cosmos DB stand-in for the integration tests.
 *
 * Starts @vercel/cosmosdb-server (in-memory, HTTPS, self-signed cert) through its
 * `createHttpsServer` API with HTTP keep-alive ON, and wraps its request handler to
 *
 *   - fix two server defects seen with the Python SDK:
 *       (a) transactional batch: operations lack the per-operation partition key (the SDK
 *           sends it once, in the batch request's `x-ms-documentdb-partitionkey` header):
 *           it is injected into every operation that has none;
 *       (b) reading a missing document answers 500 (a TypeError in the handler): it is
 *           rewritten to a proper 404 with a Cosmos-style JSON error body. Other 4xx answers
 *           without a `code` get the Cosmos code for their status.
 *       (c) a transactional batch stops at its first failing operation but keeps what the
 *           operations before it did; Cosmos DB applies all of them or none. The documents
 *           those operations changed are put back as they were, and they answer 424;
 *   - answer a point write (create, upsert, replace) sent with `Prefer: return=minimal` (the
 *     SDK's `no_response`) without its body, as the service does. Batches keep their
 *     per-operation bodies: whether the service drops those is not documented;
 *   - inject faults (429 / 503 / any status / delay / connection reset) into the next N
 *     matching data-plane requests, driven from a small plain-HTTP control server;
 *   - answer 413 RequestEntityTooLarge to any request over Cosmos DB's 2 MB limit, as the
 *     service does (a transactional batch or a single item);
 *   - count requests, TCP connections, status codes and injected faults.
 *
 * Usage: node cosmos_launcher.js [--host 127.0.0.1] [--port 0] [--control-port 0]
 *                                [--keep-alive-timeout-ms 120000] [--no-keep-alive]
 *                                [--watch-stdin]
 * Port 0 means "pick a free port". When both servers listen, ONE line is printed on stdout:
 *   {"port": <https port>, "control_port": <http port>, "pid": <pid>, "keep_alive": true}
 * Nothing else is ever written to stdout (diagnostics go to stderr).
 * With --watch-stdin the process exits when its stdin closes (i.e. when the parent dies).
 *
 * Control API (plain HTTP, JSON, on 127.0.0.1:<control_port>):
 *   GET    /health           -> {"ok": true}
 *   GET    /counters         -> counters (see `counters` below)
 *   POST   /counters/reset   -> zero all counters (pending faults are kept)
 *   GET    /faults           -> list of pending fault rules
 *   POST   /faults           -> add a rule; body:
 *        {"kind": "429"|"503"|"status"|"delay"|"reset",
 *         "count": N,                     // how many matching requests get the fault (default 1)
 *         "ops": ["write", ...],          // request classes or operation names to match;
 *                                         //   classes: meta | read | query | write
 *                                         //   names:   account, database, container, pkranges,
 *                                         //            create, upsert, replace, delete, patch,
 *                                         //            batch, read, readfeed, query
 *                                         //   default: ["read", "query", "write"] (not "meta")
 *         "method": "POST",               // optional HTTP method filter
 *         "path": "regex",                // optional JS regex matched against the URL path
 *         "body": "regex",                // optional JS regex matched against the request body
 *                                         //   (e.g. a document id: refuse that document for good)
 *         "retry_after_ms": 50,           // 429 (default 50); also sent on 503/status if given
 *         "status": 500, "code": "...",   // for kind "status"
 *         "substatus": 3200,              // optional x-ms-substatus
 *         "delay_ms": 100}                // for kind "delay" (the request then proceeds normally)
 *                                -> {"id": n, ...rule}
 *   DELETE /faults           -> remove all pending rules -> {"cleared": n}
 */
"use strict";

const http = require("http");
const { PassThrough } = require("stream");
// (c) is installed here: the batch handler must be wrapped before the server's routes capture it.
const batchHandler = require("@vercel/cosmosdb-server/lib/handler/batch-documents");
const { parsePartitionKey } = require("@vercel/cosmosdb-server/lib/utils/get-partition-from-header");
batchHandler.default = atomicBatch(batchHandler.default);
const { createHttpsServer } = require("@vercel/cosmosdb-server");

// ---------------------------------------------------------------- arguments
function parseArgs(argv) {
  const args = {
    host: "127.0.0.1",
    port: 0,
    controlPort: 0,
    keepAlive: true,
    keepAliveTimeoutMs: 120000,
    watchStdin: false,
  };
  for (let i = 0; i < argv.length; i += 1) {
    const a = argv[i];
    switch (a) {
      case "--host": args.host = argv[++i]; break;
      case "--port": args.port = parseInt(argv[++i], 10); break;
      case "--control-port": args.controlPort = parseInt(argv[++i], 10); break;
      case "--keep-alive-timeout-ms": args.keepAliveTimeoutMs = parseInt(argv[++i], 10); break;
      case "--no-keep-alive": args.keepAlive = false; break;
      case "--watch-stdin": args.watchStdin = true; break;
      default:
        process.stderr.write(`cosmos_launcher: unknown argument ${a}\n`);
        process.exit(2);
    }
  }
  return args;
}
const args = parseArgs(process.argv.slice(2));

// ---------------------------------------------------------------- counters
function freshCounters() {
  return {
    requests: 0, // all requests on the Cosmos (HTTPS) port
    requests_by_op: {}, // class -> n (meta/read/query/write)
    requests_by_name: {}, // operation name -> n
    status_codes: {}, // final status -> n
    connections: 0, // TCP connections accepted
    tls_connections: 0, // TLS handshakes completed
    faults_injected: {}, // kind -> n
    fixed_batch_partition_keys: 0, // batch operations that got the header's partition key
    fixed_missing_document_404: 0, // 500s rewritten to 404
    refused_too_large: 0, // requests over 2 MB answered 413
    minimal_responses: 0, // point writes answered without a body (Prefer: return=minimal)
    rolled_back_batches: 0, // atomic batches whose earlier operations were undone after one failed
  };
}
let counters = freshCounters();
let openConnections = 0;
const bump = (obj, key, n = 1) => { obj[key] = (obj[key] || 0) + n; };

// ---------------------------------------------------------------- request classification
function isTrueHeader(req, name) {
  const v = req.headers[name];
  if (!v) return false;
  return (Array.isArray(v) ? v : [v]).some((h) => String(h).toLowerCase() === "true");
}

function cleanPath(url) {
  let p = (url || "/").split("?")[0];
  while (p.startsWith("//")) p = p.slice(1);
  while (p.length > 1 && p.endsWith("/")) p = p.slice(0, -1);
  return p || "/";
}

const DOC_RE = /^\/dbs\/[^/]+\/colls\/[^/]+\/docs\/[^/]+$/;
const DOCS_RE = /^\/dbs\/[^/]+\/colls\/[^/]+\/docs$/;

// Returns {cls, name}: cls in meta|read|query|write, name a finer operation name.
function classify(req) {
  const method = req.method;
  const path = cleanPath(req.url);
  const isQuery = method === "POST" &&
    (isTrueHeader(req, "x-ms-documentdb-isquery") ||
     String(req.headers["content-type"] || "").startsWith("application/query+json"));
  if (path === "/" && method === "GET") return { cls: "meta", name: "account" };
  if (isQuery) return { cls: "query", name: "query" };
  if (/\/pkranges(\/|$)/.test(path)) return { cls: "meta", name: "pkranges" };
  if (/^\/dbs(\/[^/]+)?$/.test(path)) {
    return method === "GET" ? { cls: "meta", name: "database" } : { cls: "write", name: "database" };
  }
  if (/^\/dbs\/[^/]+\/colls(\/[^/]+)?$/.test(path)) {
    return method === "GET" ? { cls: "meta", name: "container" } : { cls: "write", name: "container" };
  }
  if (DOC_RE.test(path)) {
    if (method === "GET" || method === "HEAD") return { cls: "read", name: "read" };
    if (method === "PUT") return { cls: "write", name: "replace" };
    if (method === "DELETE") return { cls: "write", name: "delete" };
    if (method === "PATCH") return { cls: "write", name: "patch" };
  }
  if (DOCS_RE.test(path)) {
    if (method === "GET") return { cls: "read", name: "readfeed" };
    if (method === "POST") {
      if (isTrueHeader(req, "x-ms-cosmos-is-batch-request")) return { cls: "write", name: "batch" };
      if (isTrueHeader(req, "x-ms-documentdb-is-upsert")) return { cls: "write", name: "upsert" };
      return { cls: "write", name: "create" };
    }
  }
  if (method === "GET" || method === "HEAD") return { cls: "read", name: "other" };
  return { cls: "write", name: "other" };
}

// ---------------------------------------------------------------- fault rules
const KINDS = new Set(["429", "503", "status", "delay", "reset"]);
let faults = [];
let nextFaultId = 1;

function addFault(spec) {
  const kind = String(spec.kind);
  if (!KINDS.has(kind)) throw new Error(`unknown fault kind ${kind}; use one of ${[...KINDS].join(", ")}`);
  const count = spec.count === undefined ? 1 : parseInt(spec.count, 10);
  if (!(count > 0)) throw new Error("count must be a positive integer");
  let ops = spec.ops === undefined || spec.ops === null ? ["read", "query", "write"] : spec.ops;
  if (typeof ops === "string") ops = [ops];
  const rule = {
    id: nextFaultId++,
    kind,
    remaining: count,
    ops,
    method: spec.method ? String(spec.method).toUpperCase() : null,
    path: spec.path || null,
    body: spec.body || null,
    retry_after_ms: spec.retry_after_ms === undefined ? (kind === "429" ? 50 : null) : spec.retry_after_ms,
    status: spec.status === undefined ? null : parseInt(spec.status, 10),
    code: spec.code || null,
    substatus: spec.substatus === undefined ? null : spec.substatus,
    delay_ms: spec.delay_ms === undefined ? 0 : parseInt(spec.delay_ms, 10),
  };
  if (kind === "status" && !rule.status) throw new Error("kind 'status' needs 'status'");
  rule._re = rule.path ? new RegExp(rule.path) : null;
  rule._body = rule.body ? new RegExp(rule.body) : null;
  faults.push(rule);
  return rule;
}

function publicRule(r) {
  const { _re, _body, ...rest } = r;
  return rest;
}

function takeFault(req, op, body) {
  const path = cleanPath(req.url);
  for (const r of faults) {
    if (r.remaining <= 0) continue;
    if (!(r.ops.includes(op.cls) || r.ops.includes(op.name) || r.ops.includes("any"))) continue;
    if (r.method && r.method !== req.method) continue;
    if (r._re && !r._re.test(path)) continue;
    if (r._body && !(body && r._body.test(body.toString("utf8")))) continue;
    r.remaining -= 1;
    faults = faults.filter((x) => x.remaining > 0);
    return r;
  }
  return null;
}

const STATUS_CODES = {
  400: "BadRequest", 401: "Unauthorized", 403: "Forbidden", 404: "NotFound",
  408: "RequestTimeout", 409: "Conflict", 410: "Gone", 412: "PreconditionFailed",
  413: "RequestEntityTooLarge", 429: "TooManyRequests", 449: "RetryWith",
  500: "InternalServerError", 503: "ServiceUnavailable",
};

function sendFault(req, res, rule, drained) {
  let status;
  let message;
  if (rule.kind === "429") {
    status = 429;
    message = "Request rate is large. More Request Units may be needed, so no changes were made. (injected by cosmos_launcher)";
  } else if (rule.kind === "503") {
    status = 503;
    message = "Service is currently unavailable. (injected by cosmos_launcher)";
  } else {
    status = rule.status;
    message = `Injected status ${status} (cosmos_launcher)`;
  }
  const body = JSON.stringify({ code: rule.code || STATUS_CODES[status] || "Error", message });
  const headers = {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(body),
    "x-ms-activity-id": require("crypto").randomUUID(),
    "x-ms-request-charge": "0",
  };
  if (rule.retry_after_ms !== null && rule.retry_after_ms !== undefined) {
    headers["x-ms-retry-after-ms"] = String(rule.retry_after_ms);
  }
  const substatus = rule.substatus !== null ? rule.substatus : (status === 429 ? 3200 : null);
  if (substatus !== null) headers["x-ms-substatus"] = String(substatus);
  // Drain the request body first so the keep-alive connection stays usable.
  const finish = () => { if (!res.writableEnded) { res.writeHead(status, headers); res.end(body); } };
  if (drained || req.readableEnded) finish();
  else { req.on("end", finish); req.on("error", finish); req.resume(); }
}

// ---------------------------------------------------------------- defect fixes
const MISSING_DOC_TYPEERROR = /Cannot read propert(y|ies) of undefined/;

// (b) GET of a missing document: the handler throws a TypeError -> 500. Rewrite it.
function patchMissingDocument(res) {
  const origEnd = res.end;
  res.end = function end(chunk, ...rest) {
    if (res.statusCode === 500 && chunk !== undefined && MISSING_DOC_TYPEERROR.test(String(chunk))) {
      res.statusCode = 404;
      counters.fixed_missing_document_404 += 1;
      chunk = JSON.stringify({
        code: "NotFound",
        message: "Entity with the specified id does not exist in the system. More info: https://aka.ms/cosmosdb-tsg-not-found",
      });
    }
    return origEnd.call(this, chunk, ...rest);
  };
}

// A successful point write sent with `Prefer: return=minimal` is answered with headers only.
const MINIMAL_WRITES = new Set(["create", "upsert", "replace"]);
function patchMinimalReturn(res) {
  const origEnd = res.end;
  res.end = function end(chunk, ...rest) {
    if (res.statusCode < 300 && chunk !== undefined) {
      counters.minimal_responses += 1;
      chunk = "";
    }
    return origEnd.call(this, chunk, ...rest);
  };
}

// Any >= 400 JSON answer without "code" gets the Cosmos code for its status.
function patchErrorCodes(res) {
  const origEnd = res.end;
  res.end = function end(chunk, ...rest) {
    if (res.statusCode >= 400 && chunk !== undefined && STATUS_CODES[res.statusCode]) {
      try {
        const body = JSON.parse(String(chunk));
        if (body && typeof body === "object" && !Array.isArray(body) && !body.code) {
          body.code = STATUS_CODES[res.statusCode];
          if (!body.message) body.message = `${body.code} (cosmosdb-server)`;
          chunk = JSON.stringify(body);
        }
      } catch (e) { /* not JSON: leave it */ }
    }
    return origEnd.call(this, chunk, ...rest);
  };
}

// The stock handler logs the TypeError of (b) on stderr; drop exactly that noise.
const origConsoleError = console.error;
console.error = (...a) => {
  const e = a[0];
  if (e instanceof Error && MISSING_DOC_TYPEERROR.test(e.message) && /read-document/.test(e.stack || "")) return;
  origConsoleError(...a);
};

// A stand-in request stream carrying `buf` as its body, for the stock handler.
function standIn(req, buf) {
  const stand = new PassThrough();
  stand.headers = { ...req.headers, "content-length": String(buf.length) };
  stand.rawHeaders = req.rawHeaders;
  stand.method = req.method;
  stand.url = req.url;
  stand.httpVersion = req.httpVersion;
  stand.socket = req.socket;
  stand.connection = req.socket;
  stand.end(buf);
  return stand;
}

// (c) an atomic batch is all or nothing: the stock handler runs its operations in order and stops
// at the first failure, so each touched document is kept as it was before and put back if one fails.
function atomicBatch(stock) {
  return async (account, req, res, params) => {
    const buf = await new Promise((resolve, reject) => readBody(req, (err, b) => (err ? reject(err) : resolve(b))));
    const collection = account.database(params.dbId).collection(params.collId);
    let before = [];
    try {
      const ops = JSON.parse(buf.toString("utf8"));
      if (Array.isArray(ops) && collection.read()) {
        before = ops.map((op) => {
          const id = op && (op.id || (op.resourceBody && op.resourceBody.id));
          if (!id || op.partitionKey === undefined) return null;
          const pk = parsePartitionKey(op.partitionKey, id);
          return { id, pk, doc: collection.document(id, pk).read() };
        });
      }
    } catch (e) { /* the stock handler reports a bad body */ }
    const result = await stock(account, standIn(req, buf), res, params);
    const failed = Array.isArray(result) && result.some((r) => r.statusCode >= 400 && r.statusCode !== 424);
    if (!failed || !isTrueHeader(req, "x-ms-cosmos-batch-atomic")) return result;
    for (let i = before.length - 1; i >= 0; i -= 1) {
      const b = before[i];
      if (!b) continue;
      if (collection.document(b.id, b.pk).read()) collection.documents.delete(b.id, b.pk);
      if (b.doc) collection.documents._set(b.doc);
    }
    counters.rolled_back_batches += 1;
    return result.map((r) => (r.statusCode >= 400 ? r : { statusCode: 424, requestCharge: 0 }));
  };
}

// (a) batch: add the header's partition key to each operation of the (buffered) body.
function fixBatch(req, buf) {
  const pk = req.headers["x-ms-documentdb-partitionkey"];
  if (!pk) return buf;
  try {
    const ops = JSON.parse(buf.toString("utf8"));
    if (Array.isArray(ops)) {
      let fixed = 0;
      for (const op of ops) {
        if (op && typeof op === "object" && (op.partitionKey === undefined || op.partitionKey === null)) {
          op.partitionKey = Array.isArray(pk) ? pk[0] : pk;
          fixed += 1;
        }
      }
      if (fixed) {
        counters.fixed_batch_partition_keys += fixed;
        return Buffer.from(JSON.stringify(ops), "utf8");
      }
    }
  } catch (e) { /* leave the body alone; the handler reports the error */ }
  return buf;
}

function readBody(req, callback) {
  const chunks = [];
  req.on("data", (c) => chunks.push(c));
  req.on("error", (err) => callback(err));
  req.on("end", () => callback(null, Buffer.concat(chunks)));
}

// ---------------------------------------------------------------- servers
const server = createHttpsServer({ keepAlive: args.keepAlive });
const stockListeners = server.listeners("request");
if (stockListeners.length !== 1) {
  process.stderr.write(`cosmos_launcher: expected 1 request listener, found ${stockListeners.length}\n`);
  process.exit(3);
}
const stockHandler = stockListeners[0];
server.removeAllListeners("request");

const MAX_REQUEST_BYTES = 2 * 1024 * 1024; // Cosmos DB's request (and item) size limit

function dispatch(req, res, op, body) {
  patchErrorCodes(res);
  if (op.name === "read") patchMissingDocument(res);
  if (MINIMAL_WRITES.has(op.name) && String(req.headers.prefer || "").toLowerCase() === "return=minimal") {
    patchMinimalReturn(res);
  }
  if (body === undefined) { stockHandler.call(server, req, res); return; }
  if (body.length > MAX_REQUEST_BYTES) {
    counters.refused_too_large += 1;
    res.statusCode = 413;
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify({ code: "RequestEntityTooLarge",
      message: `Request size ${body.length} is too large (limit ${MAX_REQUEST_BYTES}).` }));
    return;
  }
  stockHandler.call(server, standIn(req, op.name === "batch" ? fixBatch(req, body) : body), res);
}

function serve(req, res, op, body) {
  const rule = takeFault(req, op, body);
  if (!rule) { dispatch(req, res, op, body); return; }
  bump(counters.faults_injected, rule.kind);
  if (rule.kind === "delay") {
    setTimeout(() => dispatch(req, res, op, body), rule.delay_ms);
  } else if (rule.kind === "reset") {
    req.socket.destroy();
  } else {
    sendFault(req, res, rule, body !== undefined);
  }
}

server.on("request", (req, res) => {
  const op = classify(req);
  counters.requests += 1;
  bump(counters.requests_by_op, op.cls);
  bump(counters.requests_by_name, op.name);
  res.on("finish", () => bump(counters.status_codes, String(res.statusCode)));
  // Writes are buffered: batches get fixed, sizes checked, bodies matched against fault rules.
  if (op.cls !== "write") { serve(req, res, op, undefined); return; }
  readBody(req, (err, body) => {
    if (err) {
      if (!res.writableEnded) { res.statusCode = 400; res.end(JSON.stringify({ code: "BadRequest", message: String(err) })); }
      return;
    }
    serve(req, res, op, body);
  });
});

server.on("connection", (socket) => {
  counters.connections += 1;
  openConnections += 1;
  socket.on("close", () => { openConnections -= 1; });
});
server.on("secureConnection", () => { counters.tls_connections += 1; });
server.on("tlsClientError", (err) => {
  if (process.env.COSMOS_LAUNCHER_DEBUG) process.stderr.write(`tlsClientError: ${err.message}\n`);
});
if (args.keepAlive) {
  // Longer than aiohttp's idle timeout (15 s) so the client closes idle connections first.
  server.keepAliveTimeout = args.keepAliveTimeoutMs;
  server.headersTimeout = args.keepAliveTimeoutMs + 1000;
  server.requestTimeout = 0;
}

function sendJson(res, status, obj) {
  const body = JSON.stringify(obj);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
  res.end(body);
}

function readJson(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      const s = Buffer.concat(chunks).toString("utf8").trim();
      if (!s) { resolve({}); return; }
      try { resolve(JSON.parse(s)); } catch (e) { reject(e); }
    });
    req.on("error", reject);
  });
}

const control = http.createServer(async (req, res) => {
  const path = cleanPath(req.url);
  try {
    if (req.method === "GET" && path === "/health") return sendJson(res, 200, { ok: true });
    if (req.method === "GET" && path === "/counters") {
      return sendJson(res, 200, {
        ...counters,
        open_connections: openConnections,
        faults_pending: faults.reduce((n, r) => n + r.remaining, 0),
      });
    }
    if (req.method === "POST" && path === "/counters/reset") {
      counters = freshCounters();
      return sendJson(res, 200, { ok: true });
    }
    if (req.method === "GET" && path === "/faults") return sendJson(res, 200, faults.map(publicRule));
    if (req.method === "POST" && path === "/faults") {
      const spec = await readJson(req);
      return sendJson(res, 200, publicRule(addFault(spec)));
    }
    if (req.method === "DELETE" && path === "/faults") {
      const n = faults.length;
      faults = [];
      return sendJson(res, 200, { cleared: n });
    }
    return sendJson(res, 404, { error: `no such control endpoint: ${req.method} ${path}` });
  } catch (err) {
    return sendJson(res, 400, { error: String(err && err.message ? err.message : err) });
  }
});

// ---------------------------------------------------------------- start / stop
function shutdown(code) {
  try { control.close(); } catch (e) { /* ignore */ }
  try { server.close(); } catch (e) { /* ignore */ }
  process.exit(code);
}
process.on("SIGTERM", () => shutdown(0));
process.on("SIGINT", () => shutdown(0));
process.on("SIGHUP", () => shutdown(0));
if (args.watchStdin) {
  process.stdin.on("end", () => shutdown(0));
  process.stdin.on("close", () => shutdown(0));
  process.stdin.on("error", () => shutdown(0));
  process.stdin.resume();
}

function listen(srv, port, host) {
  return new Promise((resolve, reject) => {
    srv.once("error", reject);
    srv.listen(port, host, () => { srv.removeListener("error", reject); resolve(srv.address().port); });
  });
}

(async () => {
  const port = await listen(server, args.port, args.host);
  const controlPort = await listen(control, args.controlPort, args.host);
  process.stdout.write(`${JSON.stringify({ port, control_port: controlPort, pid: process.pid, keep_alive: args.keepAlive })}\n`);
})().catch((err) => {
  process.stderr.write(`cosmos_launcher: failed to start: ${err && err.stack ? err.stack : err}\n`);
  process.exit(1);
});
