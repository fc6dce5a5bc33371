// Completion inside a ClusterRole's `aggregationRule.clusterRoleSelectors[i]`: label keys and values the workspace's roles carry.
import { labelKeys, labelValues } from "../completion-fields";
import { at, CompletionCandidate, str, ValueSite } from "./site";

/** A value inside `aggregationRule.clusterRoleSelectors[i]`. */
export function completeAggregation(site: ValueSite): CompletionCandidate[] {
  const { input, obj, kind, path, value, inList } = site;
  if (!(path[0] === "aggregationRule" && path[1] === "clusterRoleSelectors" && typeof path[2] === "number" && kind === "ClusterRole"))
    return [];
  const labelValue = (key: string) =>
    labelValues(input.workspace, key).map((v) =>
      value(
        v.value,
        "value",
        `Carried by ${v.roles.slice(0, 5).join(", ")}${v.roles.length > 5 ? ` and ${v.roles.length - 5} more` : ""}.`,
        "label value",
      ),
    );
  if (path[3] === "matchLabels" && typeof path[4] === "string" && path.length === 5) return labelValue(path[4]);
  if (path[3] === "matchExpressions" && typeof path[4] === "number") {
    const expr = at(obj, ["aggregationRule", "clusterRoleSelectors", path[2], "matchExpressions", path[4]]);
    if (path[5] === "key" && path.length === 6) return labelKeys(input.workspace).map((k) => value(k, "value", undefined, "label key"));
    if (path[5] === "operator" && path.length === 6) return ["In", "NotIn", "Exists", "DoesNotExist"].map((o) => value(o, "enum"));
    if (path[5] === "values" && inList("values")) return labelValue(str(at(expr, ["key"])));
  }
  return [];
}
