// One TLS secure context per (CA, client certificate, key), shared by every connection to the server.
// Without it Node builds a new context for each socket (parsing the CA and the private key again); the
// command line opens its list requests in parallel, so that was done once per request at start-up.

import * as tls from "node:tls";

type Material = string | Buffer | undefined;

export class SecureContextCache {
  private last: { ca: Material; cert: Material; key: Material; context: tls.SecureContext } | undefined;
  private lastWithoutRoots: { cert: Material; key: Material; context: tls.SecureContext } | undefined;

  /** The context for this material; built once, and again only when the material changes (an exec plugin's new certificate). */
  get(ca: Material, cert: Material, key: Material): tls.SecureContext {
    const l = this.last;
    if (l && same(l.ca, ca) && same(l.cert, cert) && same(l.key, key)) return l.context;
    const context = tls.createSecureContext({ ca, cert, key });
    this.last = { ca, cert, key, context };
    return context;
  }

  /**
   * A context that trusts no certificate authority at all, for connections whose server certificate is
   * checked against the kubeconfig's authority by pinned-ca.ts. An empty `ca` list is what keeps Node from
   * parsing its root certificates into the context.
   */
  withoutRoots(cert: Material, key: Material): tls.SecureContext {
    const l = this.lastWithoutRoots;
    if (l && same(l.cert, cert) && same(l.key, key)) return l.context;
    const context = tls.createSecureContext({ ca: [], cert, key });
    this.lastWithoutRoots = { cert, key, context };
    return context;
  }
}

function same(a: Material, b: Material): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined) return false;
  return Buffer.isBuffer(a) && Buffer.isBuffer(b) ? a.equals(b) : String(a) === String(b);
}
