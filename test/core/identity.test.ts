import { strict as assert } from "node:assert";
import {
  anonymousIdentity,
  describeGroup,
  identityForSubject,
  implicitGroups,
  impersonatedIdentity,
  isSuperuser,
  parseServiceAccountUser,
  serviceAccountIdentity,
  serviceAccountUser,
  subjectServiceAccount,
  userIdentity,
} from "../../core/identity";
import { group, sa, user } from "./builders";

describe("core/identity", () => {
  it("builds service-account identities (singular user, plural groups, authenticated)", () => {
    assert.equal(serviceAccountUser("dev", "app"), "system:serviceaccount:dev:app");
    assert.deepEqual(serviceAccountIdentity("dev", "app"), {
      user: "system:serviceaccount:dev:app",
      groups: ["system:serviceaccounts", "system:serviceaccounts:dev", "system:authenticated"],
    });
  });

  it("adds system:authenticated to users unless already authenticated/unauthenticated; anonymous is unauthenticated only", () => {
    assert.deepEqual(userIdentity("alice", ["devs"]), { user: "alice", groups: ["devs", "system:authenticated"] });
    assert.deepEqual(userIdentity("alice", ["system:authenticated", "x"]), { user: "alice", groups: ["system:authenticated", "x"] });
    assert.deepEqual(userIdentity("odd", ["system:unauthenticated"]), { user: "odd", groups: ["system:unauthenticated"] });
    assert.deepEqual(anonymousIdentity(), { user: "system:anonymous", groups: ["system:unauthenticated"] });
    assert.deepEqual(userIdentity("system:anonymous", ["x"]), { user: "system:anonymous", groups: ["system:unauthenticated"] });
  });

  it("models impersonation (--as / --as-group)", () => {
    assert.deepEqual(impersonatedIdentity("system:serviceaccount:dev:app"), serviceAccountIdentity("dev", "app"));
    assert.deepEqual(impersonatedIdentity("system:serviceaccount:dev:app", ["g"]), {
      user: "system:serviceaccount:dev:app",
      groups: ["g", "system:authenticated"],
    });
    assert.deepEqual(impersonatedIdentity("system:anonymous"), { user: "system:anonymous", groups: ["system:unauthenticated"] });
    assert.deepEqual(impersonatedIdentity("jane"), { user: "jane", groups: ["system:authenticated"] });
    assert.deepEqual(impersonatedIdentity("jane", ["a", "b"]), { user: "jane", groups: ["a", "b", "system:authenticated"] });
    assert.deepEqual(impersonatedIdentity("jane", ["system:unauthenticated"]), { user: "jane", groups: ["system:unauthenticated"] });
    assert.deepEqual(impersonatedIdentity("root", ["system:masters"]), {
      user: "root",
      groups: ["system:masters", "system:authenticated"],
    });
  });

  it("parses service-account user names like SplitUsername", () => {
    assert.deepEqual(parseServiceAccountUser("system:serviceaccount:dev:app"), { namespace: "dev", name: "app" });
    assert.deepEqual(parseServiceAccountUser("system:serviceaccount:dev:my.app-1"), { namespace: "dev", name: "my.app-1" });
    for (const bad of [
      "system:serviceaccount:dev",
      "system:serviceaccount:dev:app:x",
      "system:serviceaccounts:dev:app",
      "system:serviceaccount::app",
      "system:serviceaccount:Dev:app",
      "system:serviceaccount:dev:App",
      "alice",
    ]) {
      assert.equal(parseServiceAccountUser(bad), undefined, bad);
    }
  });

  it("resolves SA subjects against the binding namespace; none in a ClusterRoleBinding", () => {
    assert.deepEqual(subjectServiceAccount(sa("app"), "dev"), { namespace: "dev", name: "app" });
    assert.deepEqual(subjectServiceAccount(sa("app", "ci"), "dev"), { namespace: "ci", name: "app" });
    assert.equal(subjectServiceAccount(sa("app"), ""), undefined);
    assert.equal(subjectServiceAccount(user("app"), "dev"), undefined);
  });

  it("gives the identity and implicit groups of subjects", () => {
    assert.deepEqual(identityForSubject(sa("app"), "dev"), serviceAccountIdentity("dev", "app"));
    assert.deepEqual(identityForSubject(user("system:serviceaccount:ci:bot"), ""), serviceAccountIdentity("ci", "bot"));
    assert.deepEqual(identityForSubject(user("alice"), ""), { user: "alice", groups: ["system:authenticated"] });
    assert.equal(identityForSubject(group("devs"), ""), undefined);
    assert.deepEqual(implicitGroups(sa("app"), "dev"), ["system:serviceaccounts", "system:serviceaccounts:dev", "system:authenticated"]);
    assert.deepEqual(implicitGroups(user("system:anonymous"), ""), ["system:unauthenticated"]);
    assert.deepEqual(implicitGroups(group("devs"), ""), []);
    assert.deepEqual(implicitGroups({ kind: "Robot", apiGroup: "", name: "r", namespace: "" }, ""), []);
  });

  it("detects superusers and describes groups", () => {
    assert.equal(isSuperuser(userIdentity("root", ["system:masters"])), true);
    assert.equal(isSuperuser(userIdentity("root")), false);
    assert.equal(describeGroup("system:serviceaccounts:dev"), "every service account in namespace dev");
    assert.equal(describeGroup("system:serviceaccounts"), "every service account in every namespace");
    assert.equal(describeGroup("system:serviceaccount:dev"), "any member of group system:serviceaccount:dev");
    assert.equal(describeGroup("devs"), "any member of group devs");
  });
});
