// Command fledge-kstatus prints the verdict of kstatus (sigs.k8s.io/cli-utils,
// the library Flux and kpt use for health checks) for one Kubernetes object read
// as JSON from stdin: {"status":"InProgress","message":"…"}. Tests use it to
// check that Fledge's status follows the kstatus contract, with the real code.
package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"sigs.k8s.io/cli-utils/pkg/kstatus/status"
)

func main() {
	raw, err := io.ReadAll(os.Stdin)
	if err != nil {
		fail(err)
	}
	// UnmarshalJSON keeps integers as int64, which kstatus's accessors require.
	obj := &unstructured.Unstructured{}
	if err := obj.UnmarshalJSON(raw); err != nil {
		fail(fmt.Errorf("stdin is not a Kubernetes object: %w", err))
	}
	res, err := status.Compute(obj)
	if err != nil {
		fail(err)
	}
	out, _ := json.Marshal(map[string]string{"status": res.Status.String(), "message": res.Message})
	fmt.Println(string(out))
}

func fail(err error) {
	fmt.Fprintf(os.Stderr, "fledge-kstatus: %v\n", err)
	os.Exit(1)
}
