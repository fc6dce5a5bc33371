package main

import (
	"crypto"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// credentials are everything a client or the API server needs to trust each
// other across a restart: with --reuse they are kept in DIR/state and read back
// on the next start, so kubeconfigs written by an earlier run keep working.
type credentials struct {
	ca          *certAuthority
	caKeyPEM    []byte
	serving     *keyPair
	admin       *keyPair
	harness     *keyPair
	nobody      *keyPair
	saPriv      []byte
	saPub       []byte
	listerToken string
}

var stateFiles = []string{
	"ca.crt", "ca.key", "serving.crt", "serving.key", "admin.crt", "admin.key",
	"harness.crt", "harness.key", "nobody.crt", "nobody.key", "sa.key", "sa.pub", "lister.token",
}

func newCredentials() (*credentials, error) {
	ca, err := newCA("kube-rbac-test-ca")
	if err != nil {
		return nil, err
	}
	caKeyPEM, err := encodeKey(ca.key)
	if err != nil {
		return nil, err
	}
	c := &credentials{ca: ca, caKeyPEM: caKeyPEM}
	if c.serving, err = ca.servingCert(); err != nil {
		return nil, err
	}
	if c.admin, err = ca.clientCert(adminUser, "system:masters"); err != nil {
		return nil, err
	}
	if c.harness, err = ca.clientCert(harnessUser, "system:masters"); err != nil {
		return nil, err
	}
	if c.nobody, err = ca.clientCert(nobodyUser); err != nil {
		return nil, err
	}
	if c.saPriv, c.saPub, err = serviceAccountKeys(); err != nil {
		return nil, err
	}
	if c.listerToken, err = randomToken(); err != nil {
		return nil, err
	}
	return c, nil
}

// loadOrCreateCredentials reads the credentials of an earlier run from
// stateDir when all of them are there, or creates new ones and saves them.
func loadOrCreateCredentials(stateDir string) (c *credentials, reused bool, err error) {
	present := 0
	for _, f := range stateFiles {
		if _, err := os.Stat(filepath.Join(stateDir, f)); err == nil {
			present++
		}
	}
	if present == len(stateFiles) {
		c, err := loadCredentials(stateDir)
		if err != nil {
			return nil, false, fmt.Errorf("reading the credentials of the earlier run in %s: %w", stateDir, err)
		}
		return c, true, nil
	}
	if present != 0 {
		return nil, false, fmt.Errorf("%s holds only %d of the %d credential files; remove it to start afresh", stateDir, present, len(stateFiles))
	}
	if c, err = newCredentials(); err != nil {
		return nil, false, err
	}
	if err := os.MkdirAll(stateDir, 0o700); err != nil {
		return nil, false, err
	}
	files := map[string][]byte{
		"ca.crt": c.ca.certPEM, "ca.key": c.caKeyPEM,
		"serving.crt": c.serving.certPEM, "serving.key": c.serving.keyPEM,
		"admin.crt": c.admin.certPEM, "admin.key": c.admin.keyPEM,
		"harness.crt": c.harness.certPEM, "harness.key": c.harness.keyPEM,
		"nobody.crt": c.nobody.certPEM, "nobody.key": c.nobody.keyPEM,
		"sa.key": c.saPriv, "sa.pub": c.saPub,
		"lister.token": []byte(c.listerToken + "\n"),
	}
	// lister.token last: its presence marks a complete set.
	for _, name := range stateFiles {
		if err := os.WriteFile(filepath.Join(stateDir, name), files[name], 0o600); err != nil {
			return nil, false, err
		}
	}
	return c, false, nil
}

func loadCredentials(stateDir string) (*credentials, error) {
	read := func(name string) ([]byte, error) { return os.ReadFile(filepath.Join(stateDir, name)) }
	pair := func(name string) (*keyPair, error) {
		cert, err := read(name + ".crt")
		if err != nil {
			return nil, err
		}
		key, err := read(name + ".key")
		if err != nil {
			return nil, err
		}
		return &keyPair{certPEM: cert, keyPEM: key}, nil
	}
	caPair, err := pair("ca")
	if err != nil {
		return nil, err
	}
	ca, err := parseCA(caPair.certPEM, caPair.keyPEM)
	if err != nil {
		return nil, err
	}
	c := &credentials{ca: ca, caKeyPEM: caPair.keyPEM}
	if c.serving, err = pair("serving"); err != nil {
		return nil, err
	}
	if c.admin, err = pair("admin"); err != nil {
		return nil, err
	}
	if c.harness, err = pair("harness"); err != nil {
		return nil, err
	}
	if c.nobody, err = pair("nobody"); err != nil {
		return nil, err
	}
	if c.saPriv, err = read("sa.key"); err != nil {
		return nil, err
	}
	if c.saPub, err = read("sa.pub"); err != nil {
		return nil, err
	}
	tok, err := read("lister.token")
	if err != nil {
		return nil, err
	}
	c.listerToken = strings.TrimSpace(string(tok))
	if c.listerToken == "" {
		return nil, errors.New("lister.token is empty")
	}
	return c, nil
}

func parseCA(certPEM, keyPEM []byte) (*certAuthority, error) {
	cb, _ := pem.Decode(certPEM)
	if cb == nil {
		return nil, errors.New("ca.crt: no PEM block")
	}
	cert, err := x509.ParseCertificate(cb.Bytes)
	if err != nil {
		return nil, fmt.Errorf("ca.crt: %w", err)
	}
	kb, _ := pem.Decode(keyPEM)
	if kb == nil {
		return nil, errors.New("ca.key: no PEM block")
	}
	k, err := x509.ParsePKCS8PrivateKey(kb.Bytes)
	if err != nil {
		return nil, fmt.Errorf("ca.key: %w", err)
	}
	signer, ok := k.(crypto.Signer)
	if !ok {
		return nil, errors.New("ca.key: not a signing key")
	}
	return &certAuthority{cert: cert, key: signer, certPEM: certPEM}, nil
}

// etcd keeps its member's peer URL in its data; a restarted member asks for
// the same client and peer ports first.
func loadEtcdPorts(path string) []int {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil
	}
	var ports []int
	for _, f := range strings.Fields(string(b)) {
		p, err := strconv.Atoi(f)
		if err != nil {
			return nil
		}
		ports = append(ports, p)
	}
	if len(ports) != 2 {
		return nil
	}
	return ports
}

func saveEtcdPorts(path string, ports []int) error {
	return os.WriteFile(path, []byte(fmt.Sprintf("%d %d\n", ports[0], ports[1])), 0o600)
}
