// The Kubernetes v1.34 API surface as RBAC sees it: v1.33's (data-v1-33.ts) with what v1.34 changed.
// Checked against the discovery of a v1.34 API server, with and without every alpha and beta API
// (test/cluster/catalog-discovery.test.ts). Data only.

import { GroupData, GROUPS as V1_33, ResourceData } from "./data-v1-33";

const STD = ["get", "list", "watch", "create", "update", "patch", "delete", "deletecollection"];

export const CATALOG_VERSION = "v1.34";

type Change = (r: ResourceData) => ResourceData;

/** v1.33's groups with some resources changed, and some added at the end of their group. */
function changed(changes: Readonly<Record<string, Change>>, added: Readonly<Record<string, readonly ResourceData[]>>): GroupData[] {
  return V1_33.map((g) => ({
    ...g,
    resources: [...g.resources.map((r) => changes[`${g.group}/${r.resource}`]?.(r) ?? r), ...(added[g.group] ?? [])],
  }));
}

const ga =
  (doc: string): Change =>
  (r) => ({ ...r, stability: undefined, doc });
const beta =
  (doc: string): Change =>
  (r) => ({ ...r, stability: "beta", doc });

export const GROUPS: readonly GroupData[] = changed(
  {
    "admissionregistration.k8s.io/mutatingadmissionpolicies": beta("Mutating CEL admission policies (beta in v1.34, off by default)."),
    "admissionregistration.k8s.io/mutatingadmissionpolicybindings": beta(
      "Where mutating admission policies apply (beta in v1.34, off by default).",
    ),
    "storage.k8s.io/volumeattributesclasses": ga("Mutable volume attributes (GA in v1.34)."),
  },
  {
    "certificates.k8s.io": [
      {
        resource: "podcertificaterequests",
        kind: "PodCertificateRequest",
        singular: "podcertificaterequest",
        namespaced: true,
        verbs: STD,
        stability: "alpha",
        doc: "Certificates requested by the kubelet for a pod's projected volume (alpha in v1.34).",
        subresources: {
          status: {
            verbs: ["get", "update", "patch"],
            kind: "PodCertificateRequest",
            doc: "Issue or deny the certificate (signer controllers).",
          },
        },
      },
    ],
  },
);
