package main

// A webhook authorizer on loopback that kube-apiserver consults after RBAC (--webhook-authorizer),
// standing in for Azure RBAC for Kubernetes authorization on AKS: members of an Entra ID group,
// named by its object id, may read Secrets in every namespace, which no RBAC object grants. It has no
// opinion on anything else, so RBAC's answer stands there.

import (
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"

	authorizationv1 "k8s.io/api/authorization/v1"
	"k8s.io/client-go/tools/clientcmd"
	clientcmdapi "k8s.io/client-go/tools/clientcmd/api"
)

const (
	// entraSecretReaders is the object id of an Entra ID group (a GUID, as AKS sends group claims).
	entraSecretReaders = "6f2c8e4a-1b3d-4c5e-9f70-8a9b0c1d2e3f"
	// entraUser is a user signed in with Entra ID: AKS names users by their UPN.
	entraUser = "reader@contoso.example"
)

// webhookDecision is the policy: get/list/watch on core secrets for members of entraSecretReaders.
func webhookDecision(spec authorizationv1.SubjectAccessReviewSpec) (bool, string) {
	ra := spec.ResourceAttributes
	if ra == nil || ra.Group != "" || ra.Resource != "secrets" || ra.Subresource != "" {
		return false, ""
	}
	if !slices.Contains([]string{"get", "list", "watch"}, ra.Verb) || !slices.Contains(spec.Groups, entraSecretReaders) {
		return false, ""
	}
	return true, "Azure RBAC stand-in: group " + entraSecretReaders + " may read secrets"
}

// startWebhook serves the policy on a free loopback port and writes the kubeconfig kube-apiserver
// reads to reach it (--authorization-webhook-config-file) into dir.
func startWebhook(dir string) (configFile string, stop func(), err error) {
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, fmt.Errorf("webhook listen: %w", err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/authorize", func(w http.ResponseWriter, r *http.Request) {
		var review authorizationv1.SubjectAccessReview
		if err := json.NewDecoder(r.Body).Decode(&review); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		allowed, reason := webhookDecision(review.Spec)
		review.Status = authorizationv1.SubjectAccessReviewStatus{Allowed: allowed, Reason: reason}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(&review)
	})
	srv := &http.Server{Handler: mux}
	go func() { _ = srv.Serve(listener) }()

	cfg := clientcmdapi.NewConfig()
	cfg.Clusters["webhook"] = &clientcmdapi.Cluster{Server: "http://" + listener.Addr().String() + "/authorize"}
	cfg.AuthInfos["kube-apiserver"] = &clientcmdapi.AuthInfo{}
	cfg.Contexts["webhook"] = &clientcmdapi.Context{Cluster: "webhook", AuthInfo: "kube-apiserver"}
	cfg.CurrentContext = "webhook"
	configFile = filepath.Join(dir, "webhook.kubeconfig")
	if err := clientcmd.WriteToFile(*cfg, configFile); err != nil {
		srv.Close()
		return "", nil, err
	}
	return configFile, func() { srv.Close(); os.Remove(configFile) }, nil
}
