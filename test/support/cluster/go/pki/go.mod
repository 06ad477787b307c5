module fledge.dev/testbed/pki

go 1.24.0
