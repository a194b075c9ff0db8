#!/bin/sh
# skip-if-missing.sh FILE COMMAND...: exit 77 (ctest SKIP_RETURN_CODE) when FILE does not
# exist, else run COMMAND.
if [ ! -f "$1" ]; then echo "SKIP: $1 not found"; exit 77; fi
shift
exec "$@"
