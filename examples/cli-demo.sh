#!/usr/bin/env bash
# A short session with the sectools command line on a SQLite store in a private temp directory:
# run with ./run demo (or directly, after a build). Every command shown is what you would type.
set -uo pipefail
cd "$(dirname "$0")/.."
sectools() { bin/sectools "$@"; }
show() { printf '\n$ %s\n' "$*"; }

work=$(bin/sectools temp dir --prefix cli-demo-)   # 0700, removed at the end
trap 'rm -rf "$work"' EXIT
printf 'demo passphrase, use a real one' > "$work/passphrase"
chmod 600 "$work/passphrase"
export SECTOOLS_STORE="$work/store" SECTOOLS_PASSPHRASE_FILE="$work/passphrase"

echo "sectools command line demo (store in $work/store)"
show sectools secrets init --kdf minimum;                 sectools secrets init --kdf minimum
show "printf 'sk_live_first' | sectools secrets set payments/stripe-key"
printf 'sk_live_first' | sectools secrets set payments/stripe-key
show "printf 'sk_live_second' | sectools secrets set payments/stripe-key"
printf 'sk_live_second' | sectools secrets set payments/stripe-key
show sectools secrets get payments/stripe-key;           sectools secrets get payments/stripe-key; echo
show sectools secrets get payments/stripe-key --version 1; sectools secrets get payments/stripe-key --version 1; echo
show sectools secrets generate db/app-password;          sectools secrets generate db/app-password
show sectools secrets list -r -l;                        sectools secrets list -r -l
show sectools secrets versions payments/stripe-key;      sectools secrets versions payments/stripe-key
show "sectools exec --env STRIPE_KEY=payments/stripe-key -- sh -c 'echo \"the key is \$STRIPE_KEY\"'"
sectools exec --env STRIPE_KEY=payments/stripe-key -- sh -c 'echo "the key is $STRIPE_KEY"'
show "sectools exec --file DB_PASSWORD_FILE=db/app-password -- sh -c 'ls -l \"\$DB_PASSWORD_FILE\"'"
sectools exec --file DB_PASSWORD_FILE=db/app-password -- sh -c 'ls -l "$DB_PASSWORD_FILE"'
show sectools secrets rotate --reencrypt;                sectools secrets rotate --reencrypt
show sectools secrets status;                            sectools secrets status
show sectools secrets get payments/nope;                 sectools secrets get payments/nope; echo "exit code $?"
show "printf 'late' | sectools secrets set payments/stripe-key --cas 1"
printf 'late' | sectools secrets set payments/stripe-key --cas 1; echo "exit code $?"
mkdir -p "$work/root"
show sectools file read --root "$work/root" ../passphrase; sectools file read --root "$work/root" ../passphrase; echo "exit code $?"
