// The usage lines of the commands that are loaded only when they run (the help text lists them all).

export const CHECK_USAGE =
  "kube-rbac check PATH...|- [--values FILE]... [--set KEY=VALUE]... [--output text|json|sarif|github] [--fail-on error|warning|information] [--stdin-filename NAME] [--config FILE] [--audit-log FILE]...";
export const SNAPSHOT_USAGE = "kube-rbac snapshot -o FILE|- [--kubeconfig FILE] [--context NAME]";
export const CAN_APPLY_USAGE =
  "kube-rbac can-apply FILE... [--as USER [--as-group GROUP]...] [-n NS] (-f PATH | --kubeconfig FILE [--context NAME]) [-o json]";
export const ESCALATIONS_USAGE =
  'kube-rbac escalations [--as USER [--as-group GROUP]...] [--to "VERB TYPE[/NAME] [-n NS | -A] [--subresource SUB]"] (-f PATH | --kubeconfig FILE [--context NAME]) [-o json]';
export const WHAT_IF_USAGE =
  "kube-rbac what-if FILE... [--as USER [--as-group GROUP]...] [-n NS] (-f PATH | --kubeconfig FILE [--context NAME]) [-o json]";
export const SUGGEST_USAGE = "kube-rbac suggest --audit-log FILE|-... (--as USER | --as-group GROUP) [-o yaml|json]";
