// The usage lines of the commands that are loaded only when they run (the help text lists them all).

export const CHECK_USAGE = "kube-rbac check PATH... [--output text|json|sarif]";
export const SNAPSHOT_USAGE = "kube-rbac snapshot -o FILE|- [--kubeconfig FILE] [--context NAME]";
