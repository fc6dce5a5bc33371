// The floor of a Node process that answers who-can from a live cluster: start, open TLS to the API
// server, fetch the four lists a namespaced question needs (in parallel, as the command line does),
// read them to the end, and exit. Nothing is answered; with `--parse`, each list is decoded and
// `JSON.parse`d as it ends (what any JavaScript reader of the JSON pays), else nothing is parsed.
// Run by cluster-bench.mjs beside `kube-rbac who-can` and kubectl-who-can, with a JSON file of what
// it needs:
//   node list-floor.cjs MATERIAL.json [--parse]   ({ server, ca, cert, key, namespace }, PEM text)
// Trust: a context that trusts no root, as the command line's, and the signature of the server's
// certificate checked against the kubeconfig's authority (the command line checks more).
"use strict";
const https = require("node:https");
const tls = require("node:tls");
const { X509Certificate } = require("node:crypto");
const m = JSON.parse(require("node:fs").readFileSync(process.argv[2], "utf8"));
const parse = process.argv[3] === "--parse";
const url = new URL(m.server);
const context = tls.createSecureContext({ ca: [], cert: m.cert, key: m.key });
const anchor = new X509Certificate(m.ca);
const base = "/apis/rbac.authorization.k8s.io/v1";
const paths = ["clusterroles", "clusterrolebindings", `namespaces/${m.namespace}/roles`, `namespaces/${m.namespace}/rolebindings`];
const agent = new https.Agent({ keepAlive: true });
let left = paths.length;
for (const p of paths) {
  const options = {
    host: url.hostname,
    port: url.port,
    path: `${base}/${p}?limit=5000`,
    agent,
    secureContext: context,
    rejectUnauthorized: false,
  };
  const req = https.request(options, (res) => {
    if (!new X509Certificate(res.socket.getPeerCertificate().raw).verify(anchor.publicKey)) process.exit(3);
    if (res.statusCode !== 200) process.exit(2);
    const chunks = [];
    res.on("data", (c) => parse && chunks.push(c));
    res.on("end", () => {
      if (parse && !Array.isArray(JSON.parse(Buffer.concat(chunks).toString("utf8")).items)) process.exit(4);
      if (--left === 0) process.exit(0);
    });
  });
  req.on("error", () => process.exit(1));
  req.end();
}
