#!/usr/bin/env bash
# Regenerates the test CA and the simulator's TLS certificate for the venues' real host names.
# TEST ONLY: the CA key is public (it is in this repository); never add ca.pem to a trust store
# outside a test. Deno trusts it per process through DENO_CERT=tests/data/tls/ca.pem.
# Run from this folder: bash gen.sh   (needs openssl). Valid 2026-01-01 for 30 years.
set -euo pipefail
cd "$(dirname "$0")"
HOSTS=(
  www.okx.com openapi.okx.com eea.okx.com us.okx.com
  api.bybit.com api.bytick.com api-testnet.bybit.com api-demo.bybit.com api.bybit.nl
  api.bybit.tr api.bybit.kz api.bybitgeorgia.ge api.bybit.ae api.bybit.eu api.bybit.id
  api.manepa.jp
  api.bitget.com
  api-sepolia.p99.world
)
san=$(printf 'DNS:%s,' "${HOSTS[@]}"); san=${san%,}
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ca.key -out ca.pem \
  -subj "/CN=killswitch test CA (never trust outside tests)" -days 10950 \
  -not_before 20260101000000Z -not_after 20560101000000Z \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null ||
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ca.key -out ca.pem \
  -subj "/CN=killswitch test CA (never trust outside tests)" -days 10950 \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign"
openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout server.key -out server.csr \
  -subj "/CN=killswitch simulator"
openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out server.pem \
  -days 10000 -extfile <(printf '%s\n' "subjectAltName=$san" \
    "basicConstraints=critical,CA:FALSE" "keyUsage=critical,digitalSignature" \
    "extendedKeyUsage=serverAuth")
rm -f server.csr ca.srl
