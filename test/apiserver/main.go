// Command kube-rbac-test-apiserver runs a real kube-apiserver (built from the
// k8s.io/kubernetes Go module) in-process for the kube-rbac test suite, backed by
// an embedded etcd, everything on loopback only.
//
// It writes kubeconfigs for a few test users into --dir and, once the server
// answers /readyz and the users are set up, a ready.json describing it. On
// SIGTERM/SIGINT it shuts the API server and etcd down and removes its temporary
// data (kubeconfigs, ca.crt, tokens.csv, audit.log and server.log stay in --dir;
// ready.json is removed).
//
// With --reuse, the CA, certificates, keys and tokens live in DIR/state and
// etcd's data in DIR/etcd, and a later start with --reuse on the same DIR reads
// them back: kubeconfigs written by the earlier run keep working (same --port
// given) and the objects persist, so clients can follow a real restart.
//
// Usage:
//
//	kube-rbac-test-apiserver --dir DIR [--port N] [--aggregation=true|false]
//	                         [--reuse] [--exit-with-parent] [--webhook-authorizer] [--log FILE|-]
//	                         [-- extra kube-apiserver flags]
//	kube-rbac-test-apiserver --version
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/url"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/pflag"
	"go.etcd.io/etcd/server/v3/embed"
	"golang.org/x/sys/unix"

	authenticationv1 "k8s.io/api/authentication/v1"
	authorizationv1 "k8s.io/api/authorization/v1"
	corev1 "k8s.io/api/core/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	utilerrors "k8s.io/apimachinery/pkg/util/errors"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"
	clientcmdapi "k8s.io/client-go/tools/clientcmd/api"
	basecompatibility "k8s.io/component-base/compatibility"
	"k8s.io/component-base/featuregate"
	logsapi "k8s.io/component-base/logs/api/v1"
	componentversion "k8s.io/component-base/version"
	"k8s.io/component-base/zpages/flagz"
	"k8s.io/kubernetes/cmd/kube-apiserver/app"
	"k8s.io/kubernetes/cmd/kube-apiserver/app/options"
	"k8s.io/kubernetes/pkg/controller/clusterroleaggregation"
)

const (
	clusterName    = "kube-rbac-test"
	adminUser      = "kube-rbac-test:admin"   // admin.kubeconfig, O=system:masters
	harnessUser    = "kube-rbac-test:harness" // set-up writes and the aggregation controller, O=system:masters
	listerUser     = "lister"
	nobodyUser     = "nobody"
	listerNS       = "team-a"
	listerRoleName = "kube-rbac-test:lister"
	saNamespace    = "default"
	saName         = "robot"
	saIssuer       = "https://kubernetes.default.svc.cluster.local"
)

const auditPolicy = `apiVersion: audit.k8s.io/v1
kind: Policy
omitStages:
  - RequestReceived
rules:
  - level: Metadata
`

type readyFile struct {
	Server         string            `json:"server"`
	PID            int               `json:"pid"`
	Kubeconfigs    map[string]string `json:"kubeconfigs"`
	AuditLog       string            `json:"auditLog"`
	Version        string            `json:"version"`
	CAFile         string            `json:"caFile"`
	TokenFile      string            `json:"tokenFile"`
	ServerLog      string            `json:"serverLog"`
	Etcd           string            `json:"etcd"`
	Users          map[string]string `json:"users"`
	Aggregation    bool              `json:"aggregation"`
	Webhook        bool              `json:"webhook"`
	StartupSeconds float64           `json:"startupSeconds"`
}

func k8sVersion() string {
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, d := range bi.Deps {
			if d.Path == "k8s.io/kubernetes" {
				return d.Version
			}
		}
	}
	return componentversion.Get().GitVersion
}

func logf(format string, args ...any) {
	fmt.Fprintf(os.Stdout, "[kube-rbac-test-apiserver] "+format+"\n", args...)
}

func main() {
	if err := run(); err != nil {
		logf("error: %v", err)
		os.Exit(1)
	}
}

func run() error {
	start := time.Now()

	fs := flag.NewFlagSet("kube-rbac-test-apiserver", flag.ContinueOnError)
	dirFlag := fs.String("dir", "", "output directory for kubeconfigs, ca.crt, tokens.csv, audit.log, ready.json (required)")
	port := fs.Int("port", 0, "secure port on 127.0.0.1 (0 = random free port)")
	aggregation := fs.Bool("aggregation", true, "run the ClusterRole aggregation controller")
	showVersion := fs.Bool("version", false, "print the Kubernetes version and exit")
	logFlag := fs.String("log", "", "file for kube-apiserver/etcd logs (default DIR/server.log, '-' keeps stderr)")
	reuse := fs.Bool("reuse", false, "keep credentials in DIR/state and etcd data in DIR/etcd, and reuse those of an earlier --reuse run")
	exitWithParent := fs.Bool("exit-with-parent", false, "shut down when the parent process goes away")
	webhook := fs.Bool("webhook-authorizer", false, "authorize with RBAC, then a loopback webhook standing in for Azure RBAC (see webhook.go)")
	// Everything after "--" is passed to kube-apiserver, after (so overriding) our flags.
	args := os.Args[1:]
	var extra []string
	for i, a := range args {
		if a == "--" {
			extra = args[i+1:]
			args = args[:i]
			break
		}
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return err
	}
	if *showVersion {
		fmt.Println(k8sVersion())
		return nil
	}
	if *dirFlag == "" {
		return errors.New("--dir is required")
	}
	dir, err := filepath.Abs(*dirFlag)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	readyPath := filepath.Join(dir, "ready.json")
	auditLog := filepath.Join(dir, "audit.log")
	for _, stale := range []string{readyPath, auditLog} {
		if err := os.Remove(stale); err != nil && !errors.Is(err, os.ErrNotExist) {
			return err
		}
	}

	// A write to a closed stdout pipe must not kill us before clean-up.
	sigpipe := make(chan os.Signal, 1)
	signal.Notify(sigpipe, syscall.SIGPIPE)
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, syscall.SIGINT, syscall.SIGTERM)

	tmp, err := os.MkdirTemp("", "kube-rbac-test-apiserver-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)

	serverLog := ""
	if *logFlag != "-" {
		serverLog = *logFlag
		if serverLog == "" {
			serverLog = filepath.Join(dir, "server.log")
		}
		if serverLog, err = filepath.Abs(serverLog); err != nil {
			return err
		}
		f, err := os.OpenFile(serverLog, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o644)
		if err != nil {
			return err
		}
		// klog and etcd write to fd 2; send it to the log file.
		if err := unix.Dup2(int(f.Fd()), 2); err != nil {
			return fmt.Errorf("redirect stderr: %w", err)
		}
		f.Close()
	}

	version := k8sVersion()
	logf("Kubernetes %s, output in %s", version, dir)

	// ---- PKI, tokens, audit policy ----
	var creds *credentials
	keyDir := tmp
	if *reuse {
		keyDir = filepath.Join(dir, "state")
		reused := false
		if creds, reused, err = loadOrCreateCredentials(keyDir); err != nil {
			return err
		}
		if reused {
			logf("reusing the credentials and etcd data of an earlier run")
		}
	} else if creds, err = newCredentials(); err != nil {
		return err
	}
	ca, serving, adminCert, harnessCert, nobodyCert := creds.ca, creds.serving, creds.admin, creds.harness, creds.nobody
	saPriv, saPub, listerToken := creds.saPriv, creds.saPub, creds.listerToken
	// Derived, so that --reuse keeps it without a file of its own.
	entraToken := "entra-" + listerToken
	caFile := filepath.Join(dir, "ca.crt")
	tokenFile := filepath.Join(dir, "tokens.csv")
	files := map[string][]byte{
		caFile: ca.certPEM,
		tokenFile: []byte(fmt.Sprintf("%s,%s,%s-uid\n%s,%s,entra-uid,%q\n",
			listerToken, listerUser, listerUser, entraToken, entraUser, entraSecretReaders)),
		filepath.Join(keyDir, "serving.crt"):    serving.certPEM,
		filepath.Join(keyDir, "serving.key"):    serving.keyPEM,
		filepath.Join(keyDir, "sa.key"):         saPriv,
		filepath.Join(keyDir, "sa.pub"):         saPub,
		filepath.Join(tmp, "audit-policy.yaml"): []byte(auditPolicy),
	}
	for p, b := range files {
		if err := os.WriteFile(p, b, 0o600); err != nil {
			return err
		}
	}

	// ---- etcd ----
	var etcd *embed.Etcd
	var etcdURL string
	if *reuse {
		etcd, etcdURL, err = startEtcd(filepath.Join(dir, "etcd"), filepath.Join(keyDir, "etcd-ports"))
	} else {
		etcd, etcdURL, err = startEtcd(filepath.Join(tmp, "etcd"), "")
	}
	if err != nil {
		return err
	}
	etcdStopped := false
	stopEtcd := func() {
		if !etcdStopped {
			etcdStopped = true
			etcd.Close()
		}
	}
	defer stopEtcd()

	// ---- kube-apiserver ----
	listener, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(*port)))
	if err != nil {
		return fmt.Errorf("listen on 127.0.0.1:%d: %w", *port, err)
	}
	securePort := listener.Addr().(*net.TCPAddr).Port
	server := fmt.Sprintf("https://127.0.0.1:%d", securePort)

	authorizationMode := "RBAC"
	if *webhook {
		authorizationMode = "RBAC,Webhook"
	}
	apiArgs := []string{
		"--advertise-address=127.0.0.1",
		"--bind-address=127.0.0.1",
		"--secure-port=" + strconv.Itoa(securePort),
		"--etcd-servers=" + etcdURL,
		"--cert-dir=" + filepath.Join(tmp, "certs"),
		"--tls-cert-file=" + filepath.Join(keyDir, "serving.crt"),
		"--tls-private-key-file=" + filepath.Join(keyDir, "serving.key"),
		"--client-ca-file=" + caFile,
		"--token-auth-file=" + tokenFile,
		"--authorization-mode=" + authorizationMode,
		"--service-account-issuer=" + saIssuer,
		"--service-account-key-file=" + filepath.Join(keyDir, "sa.pub"),
		"--service-account-signing-key-file=" + filepath.Join(keyDir, "sa.key"),
		"--audit-log-path=" + auditLog,
		"--audit-policy-file=" + filepath.Join(tmp, "audit-policy.yaml"),
		"--audit-log-mode=blocking",
		"--service-cluster-ip-range=10.96.0.0/16",
		// The kubernetes Service endpoints would be 127.0.0.1, which Endpoints validation rejects.
		"--endpoint-reconciler-type=none",
		"--profiling=false",
		"--allow-privileged=true",
	}
	if *webhook {
		webhookConfig, stopWebhook, err := startWebhook(tmp)
		if err != nil {
			return err
		}
		defer stopWebhook()
		apiArgs = append(apiArgs,
			"--authorization-webhook-config-file="+webhookConfig,
			"--authorization-webhook-version=v1",
		)
	}
	apiArgs = append(apiArgs, extra...)

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	apiErr, err := startAPIServer(ctx, apiArgs, listener)
	if err != nil {
		listener.Close()
		return fmt.Errorf("kube-apiserver: %w", err)
	}
	apiDone := false
	stopAPIServer := func() {
		cancel()
		if apiDone {
			return
		}
		select {
		case err := <-apiErr:
			apiDone = true
			if err != nil {
				logf("kube-apiserver stopped with: %v", err)
			}
		case <-time.After(60 * time.Second):
			logf("kube-apiserver did not stop within 60s")
		}
	}

	// Whatever happens from here on, stop the API server before etcd.
	shutdown := func() {
		_ = os.Remove(readyPath)
		stopAPIServer()
		stopEtcd()
	}

	harnessCfg := &rest.Config{
		Host: server,
		TLSClientConfig: rest.TLSClientConfig{
			CAData:   ca.certPEM,
			CertData: harnessCert.certPEM,
			KeyData:  harnessCert.keyPEM,
		},
		UserAgent: "kube-rbac-test-harness",
		QPS:       50,
		Burst:     100,
	}
	client, err := kubernetes.NewForConfig(harnessCfg)
	if err != nil {
		shutdown()
		return err
	}

	// Wait for /readyz, or a failure, or a signal.
	setupCtx, setupCancel := context.WithTimeout(ctx, 3*time.Minute)
	defer setupCancel()
	readyErr := make(chan error, 1)
	go func() { readyErr <- waitReady(setupCtx, client) }()
	select {
	case err := <-readyErr:
		if err != nil {
			shutdown()
			return fmt.Errorf("waiting for /readyz: %w (see %s)", err, serverLog)
		}
	case err := <-apiErr:
		apiDone = true
		shutdown()
		return fmt.Errorf("kube-apiserver exited before ready: %v (see %s)", err, serverLog)
	case err := <-etcd.Err():
		shutdown()
		return fmt.Errorf("etcd failed: %v", err)
	case s := <-sigs:
		logf("got %v before ready, shutting down", s)
		shutdown()
		return nil
	}
	logf("/readyz ok after %.2fs", time.Since(start).Seconds())

	// ---- aggregation controller ----
	if *aggregation {
		factory := informers.NewSharedInformerFactory(client, 0)
		ctrl := clusterroleaggregation.NewClusterRoleAggregation(
			factory.Rbac().V1().ClusterRoles(), client.RbacV1())
		factory.Start(ctx.Done())
		go ctrl.Run(ctx, 2)
	}

	// ---- users ----
	saToken, err := setupUsers(setupCtx, client, *aggregation)
	if err != nil {
		shutdown()
		return fmt.Errorf("setting up test users: %w", err)
	}

	kubeconfigs := map[string]string{
		"admin":  filepath.Join(dir, "admin.kubeconfig"),
		"lister": filepath.Join(dir, "lister.kubeconfig"),
		"nobody": filepath.Join(dir, "nobody.kubeconfig"),
		"sa":     filepath.Join(dir, "sa.kubeconfig"),
		"entra":  filepath.Join(dir, "entra.kubeconfig"),
	}
	auths := map[string]*clientcmdapi.AuthInfo{
		"admin":  {ClientCertificateData: adminCert.certPEM, ClientKeyData: adminCert.keyPEM},
		"lister": {Token: listerToken},
		"nobody": {ClientCertificateData: nobodyCert.certPEM, ClientKeyData: nobodyCert.keyPEM},
		"sa":     {Token: saToken},
		"entra":  {Token: entraToken},
	}
	for name, path := range kubeconfigs {
		if err := writeKubeconfig(path, server, ca.certPEM, name, auths[name]); err != nil {
			shutdown()
			return err
		}
	}

	// Make sure the credentials and the RBAC grant are effective (the authorizer
	// works from informer caches) before declaring readiness. Checked as the
	// harness user so that the test users' audit trail stays empty.
	if err := verifyUsers(setupCtx, client, listerToken, saToken, entraToken); err != nil {
		shutdown()
		return fmt.Errorf("verifying test users: %w", err)
	}

	elapsed := time.Since(start)
	ready := readyFile{
		Server:      server,
		PID:         os.Getpid(),
		Kubeconfigs: kubeconfigs,
		AuditLog:    auditLog,
		Version:     version,
		CAFile:      caFile,
		TokenFile:   tokenFile,
		ServerLog:   serverLog,
		Etcd:        etcdURL,
		Users: map[string]string{
			"admin":   adminUser,
			"lister":  listerUser,
			"nobody":  nobodyUser,
			"sa":      "system:serviceaccount:" + saNamespace + ":" + saName,
			"harness": harnessUser,
			"entra":   entraUser,
		},
		Webhook:        *webhook,
		Aggregation:    *aggregation,
		StartupSeconds: float64(elapsed.Milliseconds()) / 1000,
	}
	if err := writeJSONAtomic(readyPath, ready); err != nil {
		shutdown()
		return err
	}
	logf("ready in %.2fs: %s (pid %d)", elapsed.Seconds(), server, os.Getpid())
	logf("export KUBECONFIG=%s", kubeconfigs["admin"])

	// ---- run until told to stop ----
	parentGone := make(chan struct{})
	if *exitWithParent {
		go watchParent(parentGone)
	}
	var runErr error
	select {
	case s := <-sigs:
		logf("got %v, shutting down", s)
	case <-parentGone:
		logf("parent process went away, shutting down")
	case err := <-apiErr:
		apiDone = true
		runErr = fmt.Errorf("kube-apiserver exited: %v (see %s)", err, serverLog)
	case err := <-etcd.Err():
		runErr = fmt.Errorf("etcd failed: %v", err)
	}
	// A second signal during shutdown exits at once (temp data still removed).
	go func() {
		<-sigs
		os.RemoveAll(tmp)
		os.Exit(130)
	}()
	t0 := time.Now()
	shutdown()
	os.RemoveAll(tmp)
	if runErr == nil {
		logf("stopped in %.2fs", time.Since(t0).Seconds())
	}
	return runErr
}

func freePorts(n int) ([]int, error) {
	var ports []int
	var ls []net.Listener
	defer func() {
		for _, l := range ls {
			l.Close()
		}
	}()
	for i := 0; i < n; i++ {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, err
		}
		ls = append(ls, l)
		ports = append(ports, l.Addr().(*net.TCPAddr).Port)
	}
	return ports, nil
}

// startEtcd starts a single-member embedded etcd on two free loopback ports.
// Picking ports and binding them is racy, so retry a few times. With a
// portsFile (--reuse) the data in dataDir is kept, the ports of the earlier run
// are tried first and the ports used are saved.
func startEtcd(dataDir, portsFile string) (*embed.Etcd, string, error) {
	keep := portsFile != ""
	var lastErr error
	for attempt := 0; attempt < 5; attempt++ {
		var ports []int
		if keep && attempt == 0 {
			ports = loadEtcdPorts(portsFile)
		}
		if ports == nil {
			var err error
			if ports, err = freePorts(2); err != nil {
				return nil, "", err
			}
		}
		clientURL := url.URL{Scheme: "http", Host: net.JoinHostPort("127.0.0.1", strconv.Itoa(ports[0]))}
		peerURL := url.URL{Scheme: "http", Host: net.JoinHostPort("127.0.0.1", strconv.Itoa(ports[1]))}
		if !keep {
			if err := os.RemoveAll(dataDir); err != nil {
				return nil, "", err
			}
		}
		if err := os.MkdirAll(dataDir, 0o700); err != nil {
			return nil, "", err
		}
		cfg := embed.NewConfig()
		cfg.Name = "kube-rbac-test"
		cfg.Dir = dataDir
		cfg.ListenClientUrls = []url.URL{clientURL}
		cfg.AdvertiseClientUrls = []url.URL{clientURL}
		cfg.ListenPeerUrls = []url.URL{peerURL}
		cfg.AdvertisePeerUrls = []url.URL{peerURL}
		cfg.InitialCluster = cfg.InitialClusterFromName(cfg.Name)
		cfg.UnsafeNoFsync = !keep // throw-away test data unless kept for a restart
		cfg.Logger = "zap"
		cfg.LogLevel = "warn"
		cfg.LogOutputs = []string{"stderr"}
		e, err := embed.StartEtcd(cfg)
		if err != nil {
			lastErr = err
			continue
		}
		select {
		case <-e.Server.ReadyNotify():
			if keep {
				if err := saveEtcdPorts(portsFile, ports); err != nil {
					e.Close()
					return nil, "", err
				}
			}
			return e, clientURL.String(), nil
		case err := <-e.Err():
			e.Close()
			lastErr = err
		case <-time.After(60 * time.Second):
			e.Close()
			lastErr = errors.New("etcd not ready after 60s")
		}
	}
	return nil, "", fmt.Errorf("starting embedded etcd: %w", lastErr)
}

// startAPIServer does what kube-apiserver's cobra command does, but with our
// context (NewAPIServerCommand installs its own signal handler) and our listener.
func startAPIServer(ctx context.Context, args []string, listener net.Listener) (<-chan error, error) {
	s := options.NewServerRunOptions()
	featureGate := s.GenericServerRunOptions.ComponentGlobalsRegistry.FeatureGateFor(basecompatibility.DefaultKubeComponent)

	fs := pflag.NewFlagSet("kube-apiserver", pflag.ContinueOnError)
	namedFlagSets := s.Flags()
	s.Flagz = flagz.NamedFlagSetsReader{FlagSets: namedFlagSets}
	for _, f := range namedFlagSets.FlagSets {
		fs.AddFlagSet(f)
	}
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if err := s.GenericServerRunOptions.ComponentGlobalsRegistry.Set(); err != nil {
		return nil, err
	}
	rest.SetDefaultWarningHandler(rest.NoWarnings{})
	if err := logsapi.ValidateAndApply(s.Logs, featureGate); err != nil {
		return nil, err
	}
	s.SecureServing.Listener = listener
	s.SecureServing.BindPort = listener.Addr().(*net.TCPAddr).Port

	completed, err := s.Complete(ctx)
	if err != nil {
		return nil, err
	}
	if errs := completed.Validate(); len(errs) != 0 {
		return nil, utilerrors.NewAggregate(errs)
	}
	featureGate.(featuregate.MutableFeatureGate).AddMetrics()
	s.GenericServerRunOptions.ComponentGlobalsRegistry.AddMetrics()

	errCh := make(chan error, 1)
	go func() { errCh <- app.Run(ctx, completed) }()
	return errCh, nil
}

func waitReady(ctx context.Context, client kubernetes.Interface) error {
	var last error
	for {
		rctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		body, err := client.Discovery().RESTClient().Get().AbsPath("/readyz").DoRaw(rctx)
		cancel()
		if err == nil && strings.TrimSpace(string(body)) == "ok" {
			return nil
		}
		if err != nil {
			last = err
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("%v (last error: %v)", ctx.Err(), last)
		case <-time.After(100 * time.Millisecond):
		}
	}
}

func ignoreExists(err error) error {
	if apierrors.IsAlreadyExists(err) {
		return nil
	}
	return err
}

// setupUsers creates namespace team-a with a Role/RoleBinding letting the
// static-token user "lister" get/list/watch roles and rolebindings there, the
// service account default/robot and a token for it. With aggregation on, it
// also waits until the controller has filled admin/edit/view.
func setupUsers(ctx context.Context, client kubernetes.Interface, aggregation bool) (string, error) {
	for _, ns := range []string{listerNS, saNamespace} {
		_, err := client.CoreV1().Namespaces().Create(ctx, &corev1.Namespace{
			ObjectMeta: metav1.ObjectMeta{Name: ns},
		}, metav1.CreateOptions{})
		if err := ignoreExists(err); err != nil {
			return "", fmt.Errorf("namespace %s: %w", ns, err)
		}
	}
	_, err := client.RbacV1().Roles(listerNS).Create(ctx, &rbacv1.Role{
		ObjectMeta: metav1.ObjectMeta{Name: listerRoleName},
		Rules: []rbacv1.PolicyRule{{
			APIGroups: []string{rbacv1.GroupName},
			Resources: []string{"roles", "rolebindings"},
			Verbs:     []string{"get", "list", "watch"},
		}},
	}, metav1.CreateOptions{})
	if err := ignoreExists(err); err != nil {
		return "", fmt.Errorf("role: %w", err)
	}
	_, err = client.RbacV1().RoleBindings(listerNS).Create(ctx, &rbacv1.RoleBinding{
		ObjectMeta: metav1.ObjectMeta{Name: listerRoleName},
		RoleRef:    rbacv1.RoleRef{APIGroup: rbacv1.GroupName, Kind: "Role", Name: listerRoleName},
		Subjects:   []rbacv1.Subject{{APIGroup: rbacv1.GroupName, Kind: rbacv1.UserKind, Name: listerUser}},
	}, metav1.CreateOptions{})
	if err := ignoreExists(err); err != nil {
		return "", fmt.Errorf("rolebinding: %w", err)
	}
	_, err = client.CoreV1().ServiceAccounts(saNamespace).Create(ctx, &corev1.ServiceAccount{
		ObjectMeta: metav1.ObjectMeta{Name: saName},
	}, metav1.CreateOptions{})
	if err := ignoreExists(err); err != nil {
		return "", fmt.Errorf("serviceaccount: %w", err)
	}
	expiry := int64(7 * 24 * 3600)
	tr, err := client.CoreV1().ServiceAccounts(saNamespace).CreateToken(ctx, saName, &authenticationv1.TokenRequest{
		Spec: authenticationv1.TokenRequestSpec{ExpirationSeconds: &expiry},
	}, metav1.CreateOptions{})
	if err != nil {
		return "", fmt.Errorf("token request: %w", err)
	}
	if aggregation {
		for _, name := range []string{"admin", "edit", "view"} {
			for {
				cr, err := client.RbacV1().ClusterRoles().Get(ctx, name, metav1.GetOptions{})
				if err == nil && len(cr.Rules) > 0 {
					break
				}
				select {
				case <-ctx.Done():
					return "", fmt.Errorf("clusterrole %s not aggregated: %w", name, ctx.Err())
				case <-time.After(100 * time.Millisecond):
				}
			}
		}
	}
	return tr.Status.Token, nil
}

// verifyUsers polls TokenReview / SubjectAccessReview until the static token
// and the service-account token authenticate and the lister grant is in effect.
func verifyUsers(ctx context.Context, client kubernetes.Interface, listerToken, saToken, entraToken string) error {
	poll := func(what string, check func() (bool, error)) error {
		var last error
		for {
			ok, err := check()
			if ok {
				return nil
			}
			if err != nil {
				last = err
			}
			select {
			case <-ctx.Done():
				return fmt.Errorf("%s: %v (last error: %v)", what, ctx.Err(), last)
			case <-time.After(50 * time.Millisecond):
			}
		}
	}
	tokens := map[string]string{
		listerUser: listerToken,
		"system:serviceaccount:" + saNamespace + ":" + saName: saToken,
		entraUser: entraToken,
	}
	for user, token := range tokens {
		err := poll("token of "+user, func() (bool, error) {
			r, err := client.AuthenticationV1().TokenReviews().Create(ctx, &authenticationv1.TokenReview{
				Spec: authenticationv1.TokenReviewSpec{Token: token},
			}, metav1.CreateOptions{})
			if err != nil {
				return false, err
			}
			if r.Status.Error != "" {
				return false, errors.New(r.Status.Error)
			}
			return r.Status.Authenticated && r.Status.User.Username == user, nil
		})
		if err != nil {
			return err
		}
	}
	sar := func(ns string) (bool, error) {
		r, err := client.AuthorizationV1().SubjectAccessReviews().Create(ctx, &authorizationv1.SubjectAccessReview{
			Spec: authorizationv1.SubjectAccessReviewSpec{
				User:   listerUser,
				Groups: []string{"system:authenticated"},
				ResourceAttributes: &authorizationv1.ResourceAttributes{
					Namespace: ns, Verb: "list", Group: rbacv1.GroupName, Resource: "roles",
				},
			},
		}, metav1.CreateOptions{})
		if err != nil {
			return false, err
		}
		return r.Status.Allowed, nil
	}
	if err := poll("lister may list roles in "+listerNS, func() (bool, error) { return sar(listerNS) }); err != nil {
		return err
	}
	if allowed, err := sar(saNamespace); err != nil || allowed {
		return fmt.Errorf("lister must not list roles in %s (allowed=%v, err=%v)", saNamespace, allowed, err)
	}
	return nil
}

func writeKubeconfig(path, server string, caPEM []byte, name string, auth *clientcmdapi.AuthInfo) error {
	cfg := clientcmdapi.NewConfig()
	cfg.Clusters[clusterName] = &clientcmdapi.Cluster{Server: server, CertificateAuthorityData: caPEM}
	cfg.AuthInfos[name] = auth
	cfg.Contexts[name] = &clientcmdapi.Context{Cluster: clusterName, AuthInfo: name}
	cfg.CurrentContext = name
	return clientcmd.WriteToFile(*cfg, path)
}

func writeJSONAtomic(path string, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, append(b, '\n'), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

func watchParent(gone chan<- struct{}) {
	ppid := os.Getppid()
	for {
		time.Sleep(500 * time.Millisecond)
		if os.Getppid() != ppid {
			close(gone)
			return
		}
	}
}
