# Sourced by the scripts that run a private PostgreSQL 15 cluster (postgres.sh, unleash.sh).
export PATH="$PATH:/usr/lib/postgresql/15/bin"

as_pg() { # initdb and postgres refuse to run as root, so a root caller runs them as the postgres user
  if [[ $(id -u) == 0 ]]; then su postgres -s /bin/bash -c "$1"; else bash -c "$1"; fi
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()' \
    2>/dev/null || node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"
}
