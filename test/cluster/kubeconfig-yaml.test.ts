import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import { parse, stringify } from "yaml";
import { readSimpleYaml } from "../../cluster/kubeconfig-yaml";
import { useApiServer } from "../support/apiserver";
import { KUBECONFIG_FIXTURES } from "../support/fixtures";
import { generatedYaml, Random, scalarText, TRICKY_WORDS } from "./kubeconfig-yaml-support";

const CA = "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUJkekNDQVI2Z0F3SUJBZ0lRQVBQ=";

/** Files as the tools that write kubeconfigs write them. */
const WRITTEN_BY_TOOLS: Record<string, string> = {
  "kubectl config view --raw": `apiVersion: v1
clusters:
- cluster:
    certificate-authority-data: ${CA}
    server: https://10.0.0.1:6443
  name: prod
contexts:
- context:
    cluster: prod
    namespace: team-a
    user: alice
  name: alice@prod
current-context: alice@prod
kind: Config
preferences: {}
users:
- name: alice
  user:
    client-certificate-data: ${CA}
    client-key-data: ${CA}
`,
  "az aks get-credentials, converted to kubelogin": `apiVersion: v1
clusters:
- cluster:
    certificate-authority-data: ${CA}
    server: https://myaks-dns-1a2b3c4d.hcp.westeurope.azmk8s.io:443
  name: myaks
contexts:
- context:
    cluster: myaks
    user: clusterUser_rg_myaks
  name: myaks
current-context: myaks
kind: Config
preferences: {}
users:
- name: clusterUser_rg_myaks
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1beta1
      args:
      - get-token
      - --environment
      - AzurePublicCloud
      - --server-id
      - 6dae42f8-4368-4678-94ff-3960e28e3630
      - --client-id
      - 80faf920-1908-4b52-b5ef-a8e7bedfc67a
      - --tenant-id
      - 72f988bf-86f1-41af-91ab-2d7cd011db47
      - --login
      - devicecode
      command: kubelogin
      env: null
      installHint: "\\nkubelogin is not installed which is required to connect to AAD enabled cluster.\\n\\nTo learn more, please go to https://aka.ms/aks/kubelogin\\n"
      interactiveMode: IfAvailable
      provideClusterInfo: false
`,
  "kind get kubeconfig": `apiVersion: v1
clusters:
- cluster:
    certificate-authority-data: ${CA}
    server: https://127.0.0.1:40063
  name: kind-kind
contexts:
- context:
    cluster: kind-kind
    user: kind-kind
  name: kind-kind
current-context: kind-kind
kind: Config
preferences: {}
users:
- name: kind-kind
  user:
    client-certificate-data: ${CA}
    client-key-data: ${CA}
`,
  "minikube, with extensions": `apiVersion: v1
clusters:
- cluster:
    certificate-authority: /home/dev/.minikube/ca.crt
    extensions:
    - extension:
        last-update: Sun, 06 Dec 2026 23:14:11 UTC
        provider: minikube.sigs.k8s.io
        version: v1.34.0
      name: cluster_info
    server: https://192.168.49.2:8443
  name: minikube
contexts:
- context:
    cluster: minikube
    extensions:
    - extension:
        last-update: Sun, 06 Dec 2026 23:14:11 UTC
        provider: minikube.sigs.k8s.io
        version: v1.34.0
      name: context_info
    namespace: default
    user: minikube
  name: minikube
current-context: minikube
kind: Config
preferences: {}
users:
- name: minikube
  user:
    client-certificate: /home/dev/.minikube/profiles/minikube/client.crt
    client-key: /home/dev/.minikube/profiles/minikube/client.key
`,
  "token and basic-auth users, impersonation": `apiVersion: v1
kind: Config
clusters:
- name: c
  cluster:
    server: https://127.0.0.1:1
    insecure-skip-tls-verify: true
    tls-server-name: api.internal
users:
- name: bot
  user:
    token: eyJhbGciOiJSUzI1NiIsImtpZCI6IiJ9.eyJpc3MiOiJrdWJlcm5ldGVzIn0.c2ln
    as: system:serviceaccount:team-a:deployer
    as-groups:
    - system:authenticated
- name: basic
  user:
    username: admin
    password: "p@ss: word # not a comment"
contexts: []
current-context: ""
`,
  "auth-provider users with quoted values": `apiVersion: v1
kind: Config
users:
- name: gke
  user:
    auth-provider:
      config:
        cmd-args: config config-helper --format=json
        cmd-path: /usr/lib/google-cloud-sdk/bin/gcloud
        expiry-key: '{.credential.token_expiry}'
        token-key: '{.credential.access_token}'
      name: gcp
- name: oidc
  user:
    auth-provider:
      config:
        client-id: kubernetes
        client-secret: "s3cr3t\\u00e9"
        id-token: 'it''s a token'
        idp-issuer-url: https://issuer.example.com/realms/k8s
        extra-scopes: groups,email
      name: oidc
`,
  "hand-written, with comments and a leading ---": `---
# The team's cluster.
apiVersion: v1   # always v1
kind: Config
current-context: dev # the default

clusters:
  # indented sequence
  - name: dev
    cluster:
      server: "https://dev.example:6443"
      proxy-url: socks5://localhost:1080
contexts:
  - name: dev
    context:
      cluster: dev
      user: me
      namespace: ~
users:
  - name: me
    user:
      tokenFile: ./token
`,
};

/** Files outside the subset: the reader must leave them to the full parser. */
const OUTSIDE_THE_SUBSET: Record<string, string> = {
  anchor: "clusters:\n- name: a\n  cluster: &c\n    server: https://a\n- name: b\n  cluster: *c\n",
  "block scalar": "users:\n- name: u\n  user:\n    exec:\n      installHint: |\n        install it\n",
  "flow mapping": "contexts:\n- name: c\n  context: {cluster: c, user: u}\n",
  "flow sequence": "args: [get-token, --login]\n",
  tag: "token: !!str abc\n",
  "two documents": "a: b\n---\nc: d\n",
  number: "port: 6443\n",
  "number key": "1: a\n",
  "boolean key": "true: a\n",
  "duplicate key": "a: 1x\na: 2x\n",
  "multi-line plain": "a: b\n  c\n",
  "multi-line quoted": 'a: "b\n  c"\n',
  tab: "a:\n\tb: c\n",
  crlf: "a: b\r\nc: d\r\n",
  "byte order mark": "\ufeffa: b\n",
  "__proto__ key": "__proto__: a\n",
  empty: "",
  "only comments": "# nothing\n",
};

function parsed(text: string): { value: unknown } | { error: string } {
  try {
    return { value: parse(text, { logLevel: "error" }) as unknown };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

/** readSimpleYaml gives up, or gives what `yaml` gives: same values, types and key order. Returns whether it read it. */
function agrees(text: string, what: string): boolean {
  const fast = readSimpleYaml(text);
  if (fast === undefined) return false;
  const full = parsed(text);
  assert.ok("value" in full, `${what}: read ${JSON.stringify(fast)} where yaml fails (${"error" in full ? full.error : ""}):\n${text}`);
  assert.deepStrictEqual(fast, full.value, `${what}:\n${text}`);
  assert.equal(JSON.stringify(fast), JSON.stringify(full.value), `${what}: key order\n${text}`);
  return true;
}

describe("readSimpleYaml", () => {
  for (const [name, text] of Object.entries(WRITTEN_BY_TOOLS))
    it(`reads a kubeconfig as written by ${name}, exactly as yaml does`, () => {
      assert.ok(agrees(text, name), `${name} is outside the subset`);
    });

  it("reads kubeconfigs that yaml's own stringify wrote (multi-line strings become block scalars: left to yaml)", () => {
    for (const name of Object.keys(WRITTEN_BY_TOOLS)) {
      const value = parse(WRITTEN_BY_TOOLS[name]) as unknown;
      const text = stringify(value, { lineWidth: 0 });
      const read = agrees(text, `stringify of ${name}`);
      assert.equal(read, !JSON.stringify(value).includes("\\n"), `stringify of ${name}:\n${text}`);
    }
  });

  for (const [name, text] of Object.entries(OUTSIDE_THE_SUBSET))
    it(`leaves ${name} to the full parser`, () => {
      assert.equal(readSimpleYaml(text), undefined);
    });

  it("agrees with yaml on the kubeconfig fixtures", () => {
    for (const f of fs.readdirSync(KUBECONFIG_FIXTURES).filter((f) => f.endsWith(".yaml")))
      agrees(fs.readFileSync(`${KUBECONFIG_FIXTURES}/${f}`, "utf8"), f);
  });

  it("resolves every tricky word as a value and as a key exactly as yaml does, or gives up", () => {
    const random = new Random(7);
    let read = 0;
    for (const word of TRICKY_WORDS)
      for (let i = 0; i < 6; i++) {
        const w = scalarText(random, word);
        for (const text of [`k: ${w}\n`, `${w}: v\n`, `- ${w}\n`, `- ${w}: v\n`, `k: ${w} # c\n`]) if (agrees(text, "word")) read++;
      }
    assert.ok(read > TRICKY_WORDS.length * 10, `read only ${read}`);
  });

  it("reads every double-quoted escape exactly as yaml does", () => {
    const escapes = [
      "\\0",
      "\\a",
      "\\b",
      "\\e",
      "\\f",
      "\\n",
      "\\r",
      "\\t",
      "\\v",
      "\\N",
      "\\_",
      "\\L",
      "\\P",
      "\\ ",
      '\\"',
      "\\/",
      "\\\\",
    ];
    for (const e of [...escapes, "\\x41", "\\u00e9", "\\uD800", "\\U0001F600", "\\U0010FFFF"])
      assert.ok(agrees(`k: "a${e}b"\n"${e}": v\n`, e), `${e} is outside the subset`);
    for (const e of ["\\q", "\\x4", "\\xZZ", "\\U00110000", "\\"]) assert.equal(readSimpleYaml(`k: "a${e}"\n`), undefined, e);
  });

  it("reads generated variants exactly as yaml does, or gives up", function () {
    this.timeout(120_000);
    const random = new Random(20261206);
    const total = 4000;
    let read = 0;
    let failing = 0;
    for (let i = 0; i < total; i++) {
      const text = generatedYaml(random);
      if (agrees(text, `variant ${i}`)) read++;
      else if ("error" in parsed(text)) failing++;
    }
    assert.ok(failing > 0 && failing < total / 2, `${failing} of ${total} are not valid YAML`);
    // The fast path must be taken for a good share of them, or this test would prove nothing.
    assert.ok(read > total / 5, `read only ${read} of ${total}`);
  });
});

describe("readSimpleYaml on the test API server's kubeconfigs", () => {
  const server = useApiServer();

  it("reads every kubeconfig the test API server writes (client-go's writer), exactly as yaml does", () => {
    for (const [user, file] of Object.entries(server().ready.kubeconfigs))
      assert.ok(agrees(fs.readFileSync(file, "utf8"), user), `the ${user} kubeconfig is outside the subset`);
  });
});
