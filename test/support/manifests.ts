// Manifests several tests share.

/** The CustomResourceDefinition of the Kubernetes documentation's example (CronTab, with a status subresource). */
export const CRONTAB_CRD = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: crontabs.stable.example.com
spec:
  group: stable.example.com
  scope: Namespaced
  names: {plural: crontabs, singular: crontab, kind: CronTab, shortNames: [ct]}
  versions:
  - name: v1
    served: true
    storage: true
    schema: {openAPIV3Schema: {type: object}}
    subresources: {status: {}}
`;

/** A Helm template of a Role (or `kind`) in namespace ns: a label from the release name, `verb` on pods. */
export const templatedRole = (name: string, verb: string, kind = "Role") => `apiVersion: rbac.authorization.k8s.io/v1
kind: ${kind}
metadata:
  name: ${name}
  namespace: ns
  labels:
    app: {{ .Release.Name }}
rules:
  - apiGroups: [""]
    resources: ["pods"]
    verbs: ["${verb}"]
`;

/** A Role in namespace dev with the given rules (YAML, as it stands below `rules:`). */
export const devRole = (name: string, rules: string) => `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: ${name}
  namespace: dev
rules:
${rules}`;

/** A RoleBinding in namespace ns of the Role `dup` (as templatedRole makes it) to `subjects` (YAML, below `subjects:`). */
export const bindingToDup = (subjects: string) => `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: b
  namespace: ns
subjects:
${subjects}roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: dup
`;
