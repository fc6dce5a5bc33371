// The Kubernetes v1.33 API surface as RBAC sees it (rbac-semantics.md §6), per API group, plus the
// verb vocabulary and the commonly used non-resource URLs. RBAC ignores API versions, so nothing here
// is versioned below the group. Data only: lookup and catalog logic live in index.ts and lookup.ts.
//
// Sources: upstream discovery fixtures (api/discovery/aggregated_v2.json, api__v1.json) for the v1.33
// surface; short names and kinds as `kubectl api-resources` prints them. Items that are alpha in v1.33
// (served only with a feature gate) are marked `stability: "alpha"`.

export const CATALOG_VERSION = "v1.33";

/** The eight verbs of an ordinary collection resource. */
const STD = ["get", "list", "watch", "create", "update", "patch", "delete", "deletecollection"] as const;
/** Status-like subresources. */
const ST = ["get", "update", "patch"] as const;
const PROXY = ["get", "create", "update", "patch", "delete"] as const;

export interface SubresourceData {
  readonly verbs: readonly string[];
  readonly kind?: string;
  readonly doc: string;
  /** Checked by some component (kubelet, impersonation filter) but never served by the API server. */
  readonly authorizationOnly?: boolean;
}

export interface ResourceData {
  readonly resource: string;
  readonly kind?: string;
  readonly singular?: string;
  readonly shortNames?: readonly string[];
  readonly namespaced: boolean;
  readonly verbs: readonly string[];
  readonly doc: string;
  readonly subresources?: Readonly<Record<string, SubresourceData>>;
  /** A pseudo-resource that exists only for authorization checks (users, groups, signers ...). */
  readonly authorizationOnly?: boolean;
  /** Its subresource segment is free-form (`userextras/<key>`). */
  readonly anySubresource?: boolean;
  readonly stability?: "alpha" | "beta";
}

export interface GroupData {
  readonly group: string;
  readonly doc: string;
  /** False for well-known add-on groups (metrics-server) that a cluster may or may not serve. */
  readonly builtIn: boolean;
  /** Still known to the API server but no longer serving anything an RBAC author wants. */
  readonly legacy?: boolean;
  readonly resources: readonly ResourceData[];
}

const status = (what: string): SubresourceData => ({ verbs: ST, doc: `The status of ${what}, written by its controller.` });

export const GROUPS: readonly GroupData[] = [
  {
    group: "",
    builtIn: true,
    doc: 'The core API group (written "" in apiGroups; not "core" or "v1").',
    resources: [
      {
        resource: "bindings",
        kind: "Binding",
        singular: "binding",
        namespaced: true,
        verbs: ["create"],
        doc: "Legacy way to bind a pod to a node; schedulers use pods/binding.",
      },
      {
        resource: "componentstatuses",
        kind: "ComponentStatus",
        singular: "componentstatus",
        shortNames: ["cs"],
        namespaced: false,
        verbs: ["get", "list"],
        doc: "Health of control-plane components (deprecated).",
      },
      {
        resource: "configmaps",
        kind: "ConfigMap",
        singular: "configmap",
        shortNames: ["cm"],
        namespaced: true,
        verbs: STD,
        doc: "Non-secret configuration data.",
      },
      {
        resource: "endpoints",
        kind: "Endpoints",
        singular: "endpoints",
        shortNames: ["ep"],
        namespaced: true,
        verbs: STD,
        doc: "Service endpoints (deprecated in favour of EndpointSlices; writing them can hijack traffic).",
      },
      {
        resource: "events",
        kind: "Event",
        singular: "event",
        shortNames: ["ev"],
        namespaced: true,
        verbs: STD,
        doc: "Events reported by components (core group).",
      },
      {
        resource: "limitranges",
        kind: "LimitRange",
        singular: "limitrange",
        shortNames: ["limits"],
        namespaced: true,
        verbs: STD,
        doc: "Default and maximum resource requests per namespace.",
      },
      {
        resource: "namespaces",
        kind: "Namespace",
        singular: "namespace",
        shortNames: ["ns"],
        namespaced: false,
        verbs: ["get", "list", "watch", "create", "update", "patch", "delete"],
        doc: "Namespaces. Cluster-scoped, but get/update/patch/delete of one namespace are requests inside that namespace.",
        subresources: { finalize: { verbs: ["update"], doc: "The finalizers of a namespace." }, status: status("a namespace") },
      },
      {
        resource: "nodes",
        kind: "Node",
        singular: "node",
        shortNames: ["no"],
        namespaced: false,
        verbs: STD,
        doc: "Cluster nodes.",
        subresources: {
          proxy: { verbs: PROXY, doc: "Proxy to the kubelet API: equivalent to exec in every pod on the node." },
          status: status("a node"),
          stats: {
            verbs: ["get", "create"],
            doc: "Kubelet stats endpoint (checked by the kubelet, not served by the API server).",
            authorizationOnly: true,
          },
          metrics: { verbs: ["get"], doc: "Kubelet metrics endpoint (checked by the kubelet).", authorizationOnly: true },
          log: { verbs: ["get"], doc: "Kubelet node logs (checked by the kubelet).", authorizationOnly: true },
          spec: { verbs: ["get"], doc: "Kubelet machine spec (checked by the kubelet).", authorizationOnly: true },
        },
      },
      {
        resource: "persistentvolumeclaims",
        kind: "PersistentVolumeClaim",
        singular: "persistentvolumeclaim",
        shortNames: ["pvc"],
        namespaced: true,
        verbs: STD,
        doc: "Requests for storage.",
        subresources: { status: status("a claim") },
      },
      {
        resource: "persistentvolumes",
        kind: "PersistentVolume",
        singular: "persistentvolume",
        shortNames: ["pv"],
        namespaced: false,
        verbs: STD,
        doc: "Cluster storage volumes (creating hostPath volumes reaches node filesystems).",
        subresources: { status: status("a volume") },
      },
      {
        resource: "pods",
        kind: "Pod",
        singular: "pod",
        shortNames: ["po"],
        namespaced: true,
        verbs: STD,
        doc: "Pods: running containers.",
        subresources: {
          attach: { verbs: ["create", "get"], kind: "PodAttachOptions", doc: "Attach to a running container (kubectl attach)." },
          binding: { verbs: ["create"], kind: "Binding", doc: "Bind a pod to a node (the scheduler)." },
          ephemeralcontainers: { verbs: ST, kind: "Pod", doc: "Add debug containers to a running pod (kubectl debug)." },
          eviction: { verbs: ["create"], kind: "Eviction", doc: 'Evict a pod, respecting disruption budgets (group stays "").' },
          exec: { verbs: ["create", "get"], kind: "PodExecOptions", doc: "Run commands in a container (kubectl exec)." },
          log: { verbs: ["get"], kind: "Pod", doc: "Container logs (kubectl logs)." },
          portforward: { verbs: ["create", "get"], kind: "PodPortForwardOptions", doc: "Forward ports to a pod (kubectl port-forward)." },
          proxy: { verbs: PROXY, kind: "PodProxyOptions", doc: "Proxy HTTP to a pod." },
          resize: { verbs: ST, kind: "Pod", doc: "Resize a pod's container resources in place." },
          status: status("a pod"),
        },
      },
      {
        resource: "podtemplates",
        kind: "PodTemplate",
        singular: "podtemplate",
        namespaced: true,
        verbs: STD,
        doc: "Stored pod templates.",
      },
      {
        resource: "replicationcontrollers",
        kind: "ReplicationController",
        singular: "replicationcontroller",
        shortNames: ["rc"],
        namespaced: true,
        verbs: STD,
        doc: "Legacy replicated pod controller.",
        subresources: { scale: { verbs: ST, kind: "Scale", doc: "The replica count." }, status: status("a replication controller") },
      },
      {
        resource: "resourcequotas",
        kind: "ResourceQuota",
        singular: "resourcequota",
        shortNames: ["quota"],
        namespaced: true,
        verbs: STD,
        doc: "Aggregate resource limits per namespace.",
        subresources: { status: status("a quota") },
      },
      {
        resource: "secrets",
        kind: "Secret",
        singular: "secret",
        namespaced: true,
        verbs: STD,
        doc: "Secret data (list and watch reveal contents too).",
      },
      {
        resource: "serviceaccounts",
        kind: "ServiceAccount",
        singular: "serviceaccount",
        shortNames: ["sa"],
        namespaced: true,
        verbs: [...STD, "impersonate"],
        doc: "Service accounts (impersonate acts as the account).",
        subresources: { token: { verbs: ["create"], kind: "TokenRequest", doc: "Mint a token for the service account." } },
      },
      {
        resource: "services",
        kind: "Service",
        singular: "service",
        shortNames: ["svc"],
        namespaced: true,
        verbs: STD,
        doc: "Services.",
        subresources: {
          proxy: { verbs: PROXY, kind: "ServiceProxyOptions", doc: "Proxy HTTP to a service." },
          status: status("a service"),
        },
      },
      {
        resource: "users",
        namespaced: false,
        verbs: ["impersonate"],
        authorizationOnly: true,
        doc: "Pseudo-resource: impersonate a user (resourceNames = user names).",
      },
      {
        resource: "groups",
        namespaced: false,
        verbs: ["impersonate"],
        authorizationOnly: true,
        doc: "Pseudo-resource: impersonate a group (resourceNames = group names).",
      },
    ],
  },
  {
    group: "admissionregistration.k8s.io",
    builtIn: true,
    doc: "Admission webhooks and admission policies.",
    resources: [
      {
        resource: "mutatingwebhookconfigurations",
        kind: "MutatingWebhookConfiguration",
        singular: "mutatingwebhookconfiguration",
        namespaced: false,
        verbs: STD,
        doc: "Webhooks that may change every admitted object.",
      },
      {
        resource: "validatingwebhookconfigurations",
        kind: "ValidatingWebhookConfiguration",
        singular: "validatingwebhookconfiguration",
        namespaced: false,
        verbs: STD,
        doc: "Webhooks that see every admitted object.",
      },
      {
        resource: "validatingadmissionpolicies",
        kind: "ValidatingAdmissionPolicy",
        singular: "validatingadmissionpolicy",
        namespaced: false,
        verbs: STD,
        doc: "CEL admission policies.",
        subresources: { status: status("a policy") },
      },
      {
        resource: "validatingadmissionpolicybindings",
        kind: "ValidatingAdmissionPolicyBinding",
        singular: "validatingadmissionpolicybinding",
        namespaced: false,
        verbs: STD,
        doc: "Where CEL admission policies apply.",
      },
      {
        resource: "mutatingadmissionpolicies",
        kind: "MutatingAdmissionPolicy",
        singular: "mutatingadmissionpolicy",
        namespaced: false,
        verbs: STD,
        stability: "alpha",
        doc: "Mutating CEL admission policies (alpha in v1.33).",
      },
      {
        resource: "mutatingadmissionpolicybindings",
        kind: "MutatingAdmissionPolicyBinding",
        singular: "mutatingadmissionpolicybinding",
        namespaced: false,
        verbs: STD,
        stability: "alpha",
        doc: "Where mutating admission policies apply (alpha in v1.33).",
      },
    ],
  },
  {
    group: "apiextensions.k8s.io",
    builtIn: true,
    doc: "CustomResourceDefinitions.",
    resources: [
      {
        resource: "customresourcedefinitions",
        kind: "CustomResourceDefinition",
        singular: "customresourcedefinition",
        shortNames: ["crd", "crds"],
        namespaced: false,
        verbs: STD,
        doc: "Definitions of custom resources.",
        subresources: { status: status("a CRD") },
      },
    ],
  },
  {
    group: "apiregistration.k8s.io",
    builtIn: true,
    doc: "Aggregated API servers.",
    resources: [
      {
        resource: "apiservices",
        kind: "APIService",
        singular: "apiservice",
        namespaced: false,
        verbs: STD,
        doc: "Registrations of aggregated API servers (can redirect API traffic).",
        subresources: { status: status("an APIService") },
      },
    ],
  },
  {
    group: "apps",
    builtIn: true,
    doc: "Workload controllers: deployments, replica sets, stateful sets, daemon sets.",
    resources: [
      {
        resource: "controllerrevisions",
        kind: "ControllerRevision",
        singular: "controllerrevision",
        namespaced: true,
        verbs: STD,
        doc: "Immutable snapshots of workload state.",
      },
      {
        resource: "daemonsets",
        kind: "DaemonSet",
        singular: "daemonset",
        shortNames: ["ds"],
        namespaced: true,
        verbs: STD,
        doc: "One pod per node.",
        subresources: { status: status("a daemon set") },
      },
      {
        resource: "deployments",
        kind: "Deployment",
        singular: "deployment",
        shortNames: ["deploy"],
        namespaced: true,
        verbs: STD,
        doc: "Declarative rolling updates of replica sets.",
        subresources: { scale: { verbs: ST, kind: "Scale", doc: "The replica count." }, status: status("a deployment") },
      },
      {
        resource: "replicasets",
        kind: "ReplicaSet",
        singular: "replicaset",
        shortNames: ["rs"],
        namespaced: true,
        verbs: STD,
        doc: "A replicated set of pods.",
        subresources: { scale: { verbs: ST, kind: "Scale", doc: "The replica count." }, status: status("a replica set") },
      },
      {
        resource: "statefulsets",
        kind: "StatefulSet",
        singular: "statefulset",
        shortNames: ["sts"],
        namespaced: true,
        verbs: STD,
        doc: "Pods with stable identities and storage.",
        subresources: { scale: { verbs: ST, kind: "Scale", doc: "The replica count." }, status: status("a stateful set") },
      },
    ],
  },
  {
    group: "authentication.k8s.io",
    builtIn: true,
    doc: "Token reviews and impersonation pseudo-resources.",
    resources: [
      {
        resource: "selfsubjectreviews",
        kind: "SelfSubjectReview",
        singular: "selfsubjectreview",
        namespaced: false,
        verbs: ["create"],
        doc: "Ask who you are (kubectl auth whoami).",
      },
      {
        resource: "tokenreviews",
        kind: "TokenReview",
        singular: "tokenreview",
        namespaced: false,
        verbs: ["create"],
        doc: "Validate a bearer token.",
      },
      {
        resource: "uids",
        namespaced: false,
        verbs: ["impersonate"],
        authorizationOnly: true,
        doc: "Pseudo-resource: impersonate a user UID.",
      },
      {
        resource: "userextras",
        namespaced: false,
        verbs: ["impersonate"],
        authorizationOnly: true,
        anySubresource: true,
        doc: "Pseudo-resource: impersonate extra user info; written userextras/<key>.",
      },
    ],
  },
  {
    group: "authorization.k8s.io",
    builtIn: true,
    doc: "Access reviews: ask the authorizer a question.",
    resources: [
      {
        resource: "localsubjectaccessreviews",
        kind: "LocalSubjectAccessReview",
        singular: "localsubjectaccessreview",
        namespaced: true,
        verbs: ["create"],
        doc: "Ask whether someone may act in this namespace.",
      },
      {
        resource: "selfsubjectaccessreviews",
        kind: "SelfSubjectAccessReview",
        singular: "selfsubjectaccessreview",
        namespaced: false,
        verbs: ["create"],
        doc: "Ask whether you may do something (kubectl auth can-i).",
      },
      {
        resource: "selfsubjectrulesreviews",
        kind: "SelfSubjectRulesReview",
        singular: "selfsubjectrulesreview",
        namespaced: false,
        verbs: ["create"],
        doc: "List what you may do in a namespace (kubectl auth can-i --list).",
      },
      {
        resource: "subjectaccessreviews",
        kind: "SubjectAccessReview",
        singular: "subjectaccessreview",
        namespaced: false,
        verbs: ["create"],
        doc: "Ask whether someone may do something.",
      },
    ],
  },
  {
    group: "autoscaling",
    builtIn: true,
    doc: "Horizontal pod autoscaling.",
    resources: [
      {
        resource: "horizontalpodautoscalers",
        kind: "HorizontalPodAutoscaler",
        singular: "horizontalpodautoscaler",
        shortNames: ["hpa"],
        namespaced: true,
        verbs: STD,
        doc: "Scale workloads on metrics.",
        subresources: { status: status("an autoscaler") },
      },
    ],
  },
  {
    group: "batch",
    builtIn: true,
    doc: "Jobs and cron jobs.",
    resources: [
      {
        resource: "cronjobs",
        kind: "CronJob",
        singular: "cronjob",
        shortNames: ["cj"],
        namespaced: true,
        verbs: STD,
        doc: "Jobs on a schedule.",
        subresources: { status: status("a cron job") },
      },
      {
        resource: "jobs",
        kind: "Job",
        singular: "job",
        namespaced: true,
        verbs: STD,
        doc: "Run-to-completion pods.",
        subresources: { status: status("a job") },
      },
    ],
  },
  {
    group: "certificates.k8s.io",
    builtIn: true,
    doc: "Certificate signing requests, trust bundles and signers.",
    resources: [
      {
        resource: "certificatesigningrequests",
        kind: "CertificateSigningRequest",
        singular: "certificatesigningrequest",
        shortNames: ["csr"],
        namespaced: false,
        verbs: STD,
        doc: "Requests for X.509 certificates.",
        subresources: {
          approval: { verbs: ST, kind: "CertificateSigningRequest", doc: "Approve or deny a CSR (also needs approve on signers)." },
          status: { verbs: ST, kind: "CertificateSigningRequest", doc: "Write the issued certificate (also needs sign on signers)." },
        },
      },
      {
        resource: "clustertrustbundles",
        kind: "ClusterTrustBundle",
        singular: "clustertrustbundle",
        namespaced: false,
        verbs: STD,
        stability: "beta",
        doc: "Cluster-wide trust anchors (beta in v1.33).",
      },
      {
        resource: "signers",
        namespaced: false,
        verbs: ["approve", "sign", "attest"],
        authorizationOnly: true,
        doc: "Pseudo-resource: certificate signers by name (e.g. kubernetes.io/kube-apiserver-client; domain/* also checked).",
      },
    ],
  },
  {
    group: "coordination.k8s.io",
    builtIn: true,
    doc: "Leases for leader election and node heartbeats.",
    resources: [
      { resource: "leases", kind: "Lease", singular: "lease", namespaced: true, verbs: STD, doc: "Leader-election and heartbeat leases." },
      {
        resource: "leasecandidates",
        kind: "LeaseCandidate",
        singular: "leasecandidate",
        namespaced: true,
        verbs: STD,
        stability: "beta",
        doc: "Candidates for coordinated leader election (beta in v1.33).",
      },
    ],
  },
  {
    group: "discovery.k8s.io",
    builtIn: true,
    doc: "EndpointSlices.",
    resources: [
      {
        resource: "endpointslices",
        kind: "EndpointSlice",
        singular: "endpointslice",
        namespaced: true,
        verbs: STD,
        doc: "Scalable service endpoints.",
      },
    ],
  },
  {
    group: "events.k8s.io",
    builtIn: true,
    doc: "Events (the newer API for the same objects as core events).",
    resources: [
      {
        resource: "events",
        kind: "Event",
        singular: "event",
        shortNames: ["ev"],
        namespaced: true,
        verbs: STD,
        doc: "Events reported by components.",
      },
    ],
  },
  {
    group: "flowcontrol.apiserver.k8s.io",
    builtIn: true,
    doc: "API Priority and Fairness.",
    resources: [
      {
        resource: "flowschemas",
        kind: "FlowSchema",
        singular: "flowschema",
        namespaced: false,
        verbs: STD,
        doc: "Classify API requests into priority levels.",
        subresources: { status: status("a flow schema") },
      },
      {
        resource: "prioritylevelconfigurations",
        kind: "PriorityLevelConfiguration",
        singular: "prioritylevelconfiguration",
        namespaced: false,
        verbs: STD,
        doc: "API request concurrency limits.",
        subresources: { status: status("a priority level") },
      },
    ],
  },
  {
    group: "internal.apiserver.k8s.io",
    builtIn: true,
    doc: "API server internals (alpha).",
    resources: [
      {
        resource: "storageversions",
        kind: "StorageVersion",
        singular: "storageversion",
        namespaced: false,
        verbs: STD,
        stability: "alpha",
        doc: "Encoding versions used by API servers (alpha).",
        subresources: { status: status("a storage version") },
      },
    ],
  },
  {
    group: "networking.k8s.io",
    builtIn: true,
    doc: "Ingress, network policies and service IP ranges.",
    resources: [
      {
        resource: "ingressclasses",
        kind: "IngressClass",
        singular: "ingressclass",
        namespaced: false,
        verbs: STD,
        doc: "Ingress controller classes.",
      },
      {
        resource: "ingresses",
        kind: "Ingress",
        singular: "ingress",
        shortNames: ["ing"],
        namespaced: true,
        verbs: STD,
        doc: "HTTP routing into services.",
        subresources: { status: status("an ingress") },
      },
      {
        resource: "ipaddresses",
        kind: "IPAddress",
        singular: "ipaddress",
        shortNames: ["ip"],
        namespaced: false,
        verbs: STD,
        doc: "Allocated service IP addresses.",
      },
      {
        resource: "networkpolicies",
        kind: "NetworkPolicy",
        singular: "networkpolicy",
        shortNames: ["netpol"],
        namespaced: true,
        verbs: STD,
        doc: "Pod-level firewall rules.",
      },
      {
        resource: "servicecidrs",
        kind: "ServiceCIDR",
        singular: "servicecidr",
        namespaced: false,
        verbs: STD,
        doc: "Service IP ranges.",
        subresources: { status: status("a service CIDR") },
      },
    ],
  },
  {
    group: "node.k8s.io",
    builtIn: true,
    doc: "Runtime classes.",
    resources: [
      {
        resource: "runtimeclasses",
        kind: "RuntimeClass",
        singular: "runtimeclass",
        namespaced: false,
        verbs: STD,
        doc: "Container runtime configurations.",
      },
    ],
  },
  {
    group: "policy",
    builtIn: true,
    doc: "Pod disruption budgets (pod security policies were removed in v1.25).",
    resources: [
      {
        resource: "poddisruptionbudgets",
        kind: "PodDisruptionBudget",
        singular: "poddisruptionbudget",
        shortNames: ["pdb"],
        namespaced: true,
        verbs: STD,
        doc: "Limits on voluntary disruptions.",
        subresources: { status: status("a budget") },
      },
    ],
  },
  {
    group: "rbac.authorization.k8s.io",
    builtIn: true,
    doc: "RBAC: roles and bindings (no short names upstream).",
    resources: [
      {
        resource: "clusterrolebindings",
        kind: "ClusterRoleBinding",
        singular: "clusterrolebinding",
        namespaced: false,
        verbs: STD,
        doc: "Grant a ClusterRole cluster-wide.",
      },
      {
        resource: "clusterroles",
        kind: "ClusterRole",
        singular: "clusterrole",
        namespaced: false,
        verbs: [...STD, "bind", "escalate"],
        doc: "Cluster-wide sets of permissions (bind/escalate bypass escalation checks).",
      },
      {
        resource: "rolebindings",
        kind: "RoleBinding",
        singular: "rolebinding",
        namespaced: true,
        verbs: STD,
        doc: "Grant a Role or ClusterRole in one namespace.",
      },
      {
        resource: "roles",
        kind: "Role",
        singular: "role",
        namespaced: true,
        verbs: [...STD, "bind", "escalate"],
        doc: "Namespaced sets of permissions (bind/escalate bypass escalation checks).",
      },
    ],
  },
  {
    group: "resource.k8s.io",
    builtIn: true,
    doc: "Dynamic resource allocation (devices).",
    resources: [
      {
        resource: "deviceclasses",
        kind: "DeviceClass",
        singular: "deviceclass",
        namespaced: false,
        verbs: STD,
        doc: "Classes of devices.",
      },
      {
        resource: "devicetaintrules",
        kind: "DeviceTaintRule",
        singular: "devicetaintrule",
        namespaced: false,
        verbs: STD,
        stability: "alpha",
        doc: "Taints on devices (alpha).",
      },
      {
        resource: "resourceclaims",
        kind: "ResourceClaim",
        singular: "resourceclaim",
        namespaced: true,
        verbs: STD,
        doc: "Requests for devices.",
        subresources: { status: status("a claim") },
      },
      {
        resource: "resourceclaimtemplates",
        kind: "ResourceClaimTemplate",
        singular: "resourceclaimtemplate",
        namespaced: true,
        verbs: STD,
        doc: "Templates for per-pod resource claims.",
      },
      {
        resource: "resourceslices",
        kind: "ResourceSlice",
        singular: "resourceslice",
        namespaced: false,
        verbs: STD,
        doc: "Devices published by drivers.",
      },
    ],
  },
  {
    group: "scheduling.k8s.io",
    builtIn: true,
    doc: "Pod priority classes.",
    resources: [
      {
        resource: "priorityclasses",
        kind: "PriorityClass",
        singular: "priorityclass",
        shortNames: ["pc"],
        namespaced: false,
        verbs: STD,
        doc: "Pod scheduling priorities.",
      },
    ],
  },
  {
    group: "storage.k8s.io",
    builtIn: true,
    doc: "Storage classes, CSI drivers and volume attachments.",
    resources: [
      { resource: "csidrivers", kind: "CSIDriver", singular: "csidriver", namespaced: false, verbs: STD, doc: "Installed CSI drivers." },
      { resource: "csinodes", kind: "CSINode", singular: "csinode", namespaced: false, verbs: STD, doc: "CSI drivers per node." },
      {
        resource: "csistoragecapacities",
        kind: "CSIStorageCapacity",
        singular: "csistoragecapacity",
        namespaced: true,
        verbs: STD,
        doc: "Storage capacity reported by CSI drivers.",
      },
      {
        resource: "storageclasses",
        kind: "StorageClass",
        singular: "storageclass",
        shortNames: ["sc"],
        namespaced: false,
        verbs: STD,
        doc: "Classes of dynamically provisioned storage.",
      },
      {
        resource: "volumeattachments",
        kind: "VolumeAttachment",
        singular: "volumeattachment",
        namespaced: false,
        verbs: STD,
        doc: "Volumes attached to nodes.",
        subresources: { status: status("an attachment") },
      },
      {
        resource: "volumeattributesclasses",
        kind: "VolumeAttributesClass",
        singular: "volumeattributesclass",
        shortNames: ["vac"],
        namespaced: false,
        verbs: STD,
        stability: "beta",
        doc: "Mutable volume attributes (beta in v1.33).",
      },
    ],
  },
  {
    group: "storagemigration.k8s.io",
    builtIn: true,
    doc: "Storage version migration (alpha).",
    resources: [
      {
        resource: "storageversionmigrations",
        kind: "StorageVersionMigration",
        singular: "storageversionmigration",
        namespaced: false,
        verbs: STD,
        stability: "alpha",
        doc: "Re-encode stored objects (alpha).",
        subresources: { status: status("a migration") },
      },
    ],
  },
  {
    group: "extensions",
    builtIn: true,
    legacy: true,
    doc: "Legacy group: no longer serves deployments, daemonsets, replicasets, ingresses or networkpolicies (removed v1.16–v1.22).",
    resources: [],
  },
  {
    group: "metrics.k8s.io",
    builtIn: false,
    doc: "Resource metrics from metrics-server (an add-on, not built in; AKS installs it).",
    resources: [
      {
        resource: "nodes",
        kind: "NodeMetrics",
        namespaced: false,
        verbs: ["get", "list"],
        doc: "CPU and memory usage of nodes (kubectl top nodes).",
      },
      {
        resource: "pods",
        kind: "PodMetrics",
        namespaced: true,
        verbs: ["get", "list"],
        doc: "CPU and memory usage of pods (kubectl top pods).",
      },
    ],
  },
];

// ---------------------------------------------------------------------------------------------
// Verbs (rbac-semantics.md §6.3)

export type VerbCategory = "resource" | "authorization" | "nonResource" | "wildcard";

export interface VerbInfo {
  readonly verb: string;
  readonly category: VerbCategory;
  readonly doc: string;
}

export const VERBS: readonly VerbInfo[] = [
  { verb: "get", category: "resource", doc: "Read one object by name (also the GET method for non-resource URLs)." },
  { verb: "list", category: "resource", doc: "List a collection (returns full objects, including secret data)." },
  { verb: "watch", category: "resource", doc: "Stream changes to a collection or object." },
  { verb: "create", category: "resource", doc: "Create an object, or POST to a subresource such as pods/exec." },
  { verb: "update", category: "resource", doc: "Replace an object (PUT)." },
  { verb: "patch", category: "resource", doc: "Partially modify an object (PATCH, including server-side apply)." },
  { verb: "delete", category: "resource", doc: "Delete one object by name." },
  { verb: "deletecollection", category: "resource", doc: "Delete every object of a collection at once." },
  { verb: "proxy", category: "resource", doc: "Legacy verb from /proxy/ paths (used by system:kubelet-api-admin)." },
  { verb: "bind", category: "authorization", doc: "Bind a Role/ClusterRole without holding its permissions." },
  { verb: "escalate", category: "authorization", doc: "Write a Role/ClusterRole with permissions you do not hold." },
  { verb: "impersonate", category: "authorization", doc: "Act as a user, group, service account, UID or user extra." },
  { verb: "use", category: "authorization", doc: "Legacy PodSecurityPolicy verb; free for custom semantics." },
  { verb: "approve", category: "authorization", doc: "Approve certificate signing requests for a signer." },
  { verb: "sign", category: "authorization", doc: "Issue certificates for a signer." },
  { verb: "attest", category: "authorization", doc: "Publish ClusterTrustBundles for a signer." },
  { verb: "post", category: "nonResource", doc: "HTTP POST on a non-resource URL." },
  { verb: "put", category: "nonResource", doc: "HTTP PUT on a non-resource URL." },
  { verb: "head", category: "nonResource", doc: "HTTP HEAD on a non-resource URL (not covered by get)." },
  { verb: "options", category: "nonResource", doc: "HTTP OPTIONS on a non-resource URL." },
  { verb: "*", category: "wildcard", doc: "Every verb, present or future, including bind, escalate and impersonate." },
];

/** Verbs that mean the HTTP method of a non-resource request (lower-cased). */
export const NON_RESOURCE_VERBS: readonly string[] = ["get", "post", "put", "patch", "delete", "head", "options"];

// ---------------------------------------------------------------------------------------------
// Non-resource URLs commonly granted (for completion). A trailing `*` is a prefix glob.

export interface NonResourceUrlInfo {
  readonly path: string;
  readonly doc: string;
}

export const NON_RESOURCE_URLS: readonly NonResourceUrlInfo[] = [
  { path: "/healthz", doc: "Overall health (deprecated in favour of /livez and /readyz)." },
  { path: "/healthz/*", doc: "Individual health checks (does not cover /healthz itself)." },
  { path: "/livez", doc: "Liveness." },
  { path: "/livez/*", doc: "Individual liveness checks." },
  { path: "/readyz", doc: "Readiness." },
  { path: "/readyz/*", doc: "Individual readiness checks." },
  { path: "/metrics", doc: "Prometheus metrics of the API server." },
  { path: "/metrics/slis", doc: "Service-level indicator metrics." },
  { path: "/version", doc: "Server version." },
  { path: "/version/", doc: "Server version (trailing-slash form)." },
  { path: "/api", doc: "Core API discovery." },
  { path: "/api/*", doc: "Core API discovery per version." },
  { path: "/apis", doc: "API group discovery." },
  { path: "/apis/*", doc: "API group and version discovery." },
  { path: "/openapi", doc: "OpenAPI documents." },
  { path: "/openapi/*", doc: "OpenAPI v2/v3 documents." },
  { path: "/.well-known/openid-configuration", doc: "Service-account issuer discovery document." },
  { path: "/openid/v1/jwks", doc: "Service-account token signing keys." },
  { path: "/logs", doc: "API server node logs." },
  { path: "/logs/*", doc: "API server node log files." },
  { path: "/debug/pprof", doc: "Go profiling endpoints." },
  { path: "/debug/pprof/*", doc: "Individual Go profiles." },
  { path: "/debug/flags/v", doc: "Change the API server log verbosity." },
  { path: "*", doc: "Every non-resource URL." },
];
