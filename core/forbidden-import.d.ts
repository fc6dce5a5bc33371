// The core's import fence (see core/tsconfig.json `paths`): imports of vscode, LSP packages, node
// built-ins and client-node resolve to this file, which is deliberately not a module, so the compiler
// refuses them with "File '…/forbidden-import.d.ts' is not a module". The core is pure TypeScript.
declare const kubeRbacCoreMustStayPure: never;
