// Command fledge-pki writes the test bed's PKI with Go's standard library, so
// the bed needs no openssl: one CA, the apiserver's serving certificate, a
// client certificate per identity (CN = user, O = groups, as Kubernetes reads
// them) and the RSA key pair that signs service-account tokens.
//
// The identities come as JSON on stdin (user names such as
// system:kube-controller-manager contain colons, so no flag syntax is safe):
//
//	echo '[{"file":"admin","user":"fledge-admin","groups":["system:masters"]}]' |
//	  fledge-pki -dir D -service-ip 10.96.0.1
package main

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"flag"
	"fmt"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// identity is one client certificate to issue: <file>.crt and <file>.key.
type identity struct {
	File   string   `json:"file"`
	User   string   `json:"user"`
	Groups []string `json:"groups"`
}

func main() {
	dir := flag.String("dir", "", "directory to write into (created)")
	serviceIP := flag.String("service-ip", "10.96.0.1", "the kubernetes Service IP, a SAN of the apiserver cert")
	flag.Parse()
	if *dir == "" {
		fail(fmt.Errorf("-dir is required"))
	}
	var ids []identity
	if err := json.NewDecoder(os.Stdin).Decode(&ids); err != nil {
		fail(fmt.Errorf("stdin: want a JSON list of {file, user, groups}: %w", err))
	}
	if err := run(*dir, *serviceIP, ids); err != nil {
		fail(err)
	}
}

func fail(err error) {
	fmt.Fprintf(os.Stderr, "fledge-pki: %v\n", err)
	os.Exit(1)
}

func run(dir, serviceIP string, ids []identity) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	now := time.Now().Add(-time.Hour) // tolerate a little clock skew between processes
	caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return err
	}
	caTmpl := &x509.Certificate{
		SerialNumber:          serial(),
		Subject:               pkix.Name{CommonName: "fledge-testbed-ca"},
		NotBefore:             now,
		NotAfter:              now.AddDate(10, 0, 0),
		IsCA:                  true,
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign | x509.KeyUsageDigitalSignature,
	}
	caDER, err := x509.CreateCertificate(rand.Reader, caTmpl, caTmpl, &caKey.PublicKey, caKey)
	if err != nil {
		return err
	}
	ca, err := x509.ParseCertificate(caDER)
	if err != nil {
		return err
	}
	if err := writeCert(dir, "ca", caDER, caKey); err != nil {
		return err
	}

	ip := net.ParseIP(serviceIP)
	if ip == nil {
		return fmt.Errorf("-service-ip %q is not an IP address", serviceIP)
	}
	server := &x509.Certificate{
		Subject:     pkix.Name{CommonName: "kube-apiserver"},
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		DNSNames: []string{"localhost", "kubernetes", "kubernetes.default", "kubernetes.default.svc",
			"kubernetes.default.svc.cluster.local"},
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1"), ip},
	}
	if err := issue(dir, "apiserver", server, ca, caKey, now); err != nil {
		return err
	}
	for _, id := range ids {
		if id.File == "" || id.User == "" || strings.ContainsAny(id.File, "/\\") {
			return fmt.Errorf("identity %+v: want a plain file name and a user", id)
		}
		subject := pkix.Name{CommonName: id.User, Organization: id.Groups}
		tmpl := &x509.Certificate{Subject: subject, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}}
		if err := issue(dir, id.File, tmpl, ca, caKey, now); err != nil {
			return err
		}
	}

	// Service-account tokens are signed with RSA, as on a kubeadm cluster.
	saKey, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return err
	}
	if err := writeKey(filepath.Join(dir, "sa.key"), saKey); err != nil {
		return err
	}
	pub, err := x509.MarshalPKIXPublicKey(&saKey.PublicKey)
	if err != nil {
		return err
	}
	return writePEM(filepath.Join(dir, "sa.pub"), "PUBLIC KEY", pub)
}

func issue(dir, name string, tmpl, ca *x509.Certificate, caKey crypto.Signer, now time.Time) error {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return err
	}
	tmpl.SerialNumber = serial()
	tmpl.NotBefore = now
	tmpl.NotAfter = now.AddDate(10, 0, 0)
	tmpl.BasicConstraintsValid = true
	tmpl.KeyUsage = x509.KeyUsageDigitalSignature | x509.KeyUsageKeyEncipherment
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca, &key.PublicKey, caKey)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return writeCert(dir, name, der, key)
}

func writeCert(dir, name string, der []byte, key crypto.Signer) error {
	if err := writeKey(filepath.Join(dir, name+".key"), key); err != nil {
		return err
	}
	return writePEM(filepath.Join(dir, name+".crt"), "CERTIFICATE", der)
}

func writeKey(file string, key crypto.Signer) error {
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return err
	}
	return writePEM(file, "PRIVATE KEY", der)
}

func writePEM(file, kind string, der []byte) error {
	return os.WriteFile(file, pem.EncodeToMemory(&pem.Block{Type: kind, Bytes: der}), 0o600)
}

func serial() *big.Int {
	n, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 63))
	if err != nil {
		panic(err)
	}
	return n
}
