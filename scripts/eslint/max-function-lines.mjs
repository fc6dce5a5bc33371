// ESLint's max-lines-per-function, except for the callback of a mocha `describe` (or `suite`): that
// function is a list of tests, like a module, and each test (`it`) callback inside it is still measured.
import { builtinRules } from "eslint/use-at-your-own-risk";

const base = builtinRules.get("max-lines-per-function");
const GROUPS = new Set(["describe", "suite", "context"]);

function isTestGroup(node) {
  const call = node.parent;
  if (call?.type !== "CallExpression" || !call.arguments.includes(node)) return false;
  const callee = call.callee.type === "MemberExpression" ? call.callee.object : call.callee;
  return callee.type === "Identifier" && GROUPS.has(callee.name);
}

export default {
  meta: { ...base.meta, docs: { description: "max-lines-per-function, not counting mocha describe callbacks" } },
  create(context) {
    const filtered = Object.create(context, {
      report: { value: (descriptor) => (isTestGroup(descriptor.node) ? undefined : context.report(descriptor)) },
    });
    return base.create(filtered);
  },
};
