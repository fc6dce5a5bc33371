// I090: a User subject named by a GUID. On AKS with Entra ID, a person's user name is their UPN
// (alice@contoso.com); a GUID (an Entra object id) names a service principal or managed identity as a
// user, and a group only as kind Group. A person's or a group's object id under kind User matches nobody.

import type { Check } from "./context";
import { subjectsOf, valueSpan } from "./support/target";

const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

export const userNamedByObjectId: Check = {
  code: "user-named-by-object-id",
  defaultSeverity: "information",
  title: "User subject named by an Entra object id (GUID)",
  object(t, report) {
    for (const s of subjectsOf(t)) {
      if (s.subject.kind !== "User" || !GUID.test(s.subject.name)) continue;
      const span = valueSpan(t, [...s.path, "name"]);
      if (span)
        report(
          span,
          `The User "${s.subject.name}" is named by an object id. On AKS with Entra ID, people are users by their UPN (name@domain); ` +
            "an object id is the user name of a service principal or managed identity only. For an Entra group, use kind Group.",
        );
    }
  },
};
