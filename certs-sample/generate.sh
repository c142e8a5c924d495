#!/usr/bin/env bash
# Regenerates the SAMPLE PKI in this folder (BouncyCastle, through the project's own
# tw.gov.aee.gateway.crypto.SamplePkiGenerator). Never use any of it in production.
# Usage: certs-sample/generate.sh            (from anywhere; needs Java 17 and Maven)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
cd "$root"
mvn -B -q compile dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
rm -rf "$here/ca" "$here/gateway" "$here/parties"
# The published SAMPLE password of every keystore here (never a real secret).
SAMPLE_PKI_PASSWORD=sample-only \
  java -cp "target/classes:$(cat target/classpath.txt)" tw.gov.aee.gateway.crypto.SamplePkiGenerator "$here"
