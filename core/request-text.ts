// A request in words, as the command line and reports print it: `create pods/exec "web" in namespace dev`,
// `impersonate groups "system:masters" at cluster scope`, `get /healthz`.

import { Request } from "./model";

export function describeRequest(r: Request): string {
  if (r.kind === "nonResource") return `${r.verb} ${r.path}`;
  const res = `${r.resource}${r.subresource ? "/" + r.subresource : ""}${r.apiGroup ? "." + r.apiGroup : ""}`;
  return `${r.verb} ${res}${r.name ? ` "${r.name}"` : ""} ${r.namespace ? `in namespace ${r.namespace}` : "at cluster scope"}`;
}
